//! Study days: a day starts at 4 am local time, as in Anki, so a card answered at 1 am still counts for
//! the evening before and "due tomorrow" means after the next 4 am. Pure: the zone and the instant are
//! handed in; the shell's clock decides which zone (the system's) and which instant (now).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

/// The hour at which a new study day begins, in local time.
pub const DAY_START_HOUR: u32 = 4;

/// A study day: the number of days since 1970-01-01, counted in local days that start at 4 am.
pub type Day = i64;

/// The study day of `at` in zone `tz`: shift back by the 4 hours before the boundary, then take the date.
pub fn study_day_in<Tz: TimeZone>(tz: &Tz, at: DateTime<Utc>) -> Day {
    let local = at.with_timezone(tz).naive_local() - Duration::hours(i64::from(DAY_START_HOUR));
    local.date().signed_duration_since(epoch()).num_days()
}

/// The instant study day `day` begins in zone `tz`. When 4 am does not exist that day (a daylight-saving gap)
/// the boundary is the first instant after the gap; when it happens twice, the first one.
pub fn day_start_in<Tz: TimeZone>(tz: &Tz, day: Day) -> DateTime<Utc> {
    let date = epoch() + Duration::days(day);
    let four = NaiveTime::from_hms_opt(DAY_START_HOUR, 0, 0).unwrap_or(NaiveTime::MIN);
    let mut naive = date.and_time(four);
    // A gap is at most a few hours; step forward a quarter-hour at a time until the local time exists.
    for _ in 0..16 {
        if let Some(t) = tz.from_local_datetime(&naive).earliest() {
            return t.with_timezone(&Utc);
        }
        naive += Duration::minutes(15);
    }
    Utc.from_utc_datetime(&date.and_time(four))
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// An instant from milliseconds since the epoch (as the store keeps them); out of range is the earliest.
pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_day_changes_at_four_in_the_morning() {
        let tz = FixedOffset::west_opt(5 * 3600).unwrap();
        let before = study_day_in(&tz, utc("2026-11-24T08:59:59Z")); // 03:59:59 local
        let after = study_day_in(&tz, utc("2026-11-24T09:00:00Z")); // 04:00 local
        let evening = study_day_in(&tz, utc("2026-11-23T23:00:00Z")); // 18:00 local, the day before
        assert_eq!(before, evening);
        assert_eq!(after, before + 1);
        assert_eq!(day_start_in(&tz, after), utc("2026-11-24T09:00:00Z"));
    }

    #[test]
    fn day_start_round_trips_with_study_day() {
        let tz = FixedOffset::east_opt(9 * 3600).unwrap();
        for day in [0, 1, 20_000, 20_415] {
            assert_eq!(study_day_in(&tz, day_start_in(&tz, day)), day);
            assert_eq!(
                study_day_in(&tz, day_start_in(&tz, day) - Duration::seconds(1)),
                day - 1
            );
        }
    }
}
