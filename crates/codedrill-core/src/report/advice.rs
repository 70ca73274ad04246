//! What the learner should keep in mind, and what to do next.

use crate::words::noun;

use super::{ENOUGH, Evidence, FIRM, Roles, Trial, TrialStage};

pub(super) fn caveats(evidence: &Evidence) -> Vec<String> {
    let mut out = vec![
        "Real coding and its exams (CPC, CCA, CCS) are open-book: coders look codes up in the current code books \
         and software. Memory buys speed and confidence, not the competency itself."
            .to_owned(),
        "No published study links flashcard recall to success as a coder. These are your own figures, not a \
         prediction and not an aptitude score."
            .to_owned(),
        "Precision is hard for everyone: even professional coders agree on only about half of full-detail \
         diagnosis codes (Stausberg 2008)."
            .to_owned(),
    ];
    if !evidence.firm {
        let days = FIRM.0.saturating_sub(evidence.study_days);
        let delayed = FIRM.1.saturating_sub(evidence.delayed_answers);
        out.push(format!(
            "The read gets firmer with more days: {days} more {} and {delayed} more {} a day or more after \
             learning would firm it up.",
            noun(days as i64, "study day"),
            noun(delayed as i64, "answer")
        ));
    }
    out
}

pub(super) fn next_steps(evidence: &Evidence, trial: &Trial, roles: &Roles) -> Vec<String> {
    let mut out = Vec::new();
    if evidence.answers == 0 {
        out.push(
            "Run `codedrill trial` to begin (or plain `codedrill` to drill every deck).".into(),
        );
        return out;
    }
    if !evidence.enough {
        out.push(format!(
            "Too early to say: the report needs at least {} study days, {} answers and {} answers a day or more \
             after learning (you have {}, {} and {}). Drill a little every day: `codedrill` takes 10 to 15 minutes.",
            ENOUGH.0, ENOUGH.1, ENOUGH.2, evidence.study_days, evidence.answers, evidence.delayed_answers
        ));
    }
    if !matches!(trial.stage, TrialStage::Complete | TrialStage::NotStarted) {
        out.push(trial.says.clone());
    }
    if roles.biller.answers < 30 {
        out.push("To compare coder and biller work, drill the billing deck too: `codedrill drill --deck billing`.".into());
    } else if !roles.enjoyment_separable {
        out.push(
            "To compare how each felt, do one session of billing alone and one of codes alone, and rate them."
                .into(),
        );
    }
    out
}
