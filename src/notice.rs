//! The notice shown by `codedrill about` and in the README: where the codes come from and what they
//! may be used for.

pub const NOTICE: &str = "\
Where the cards come from

  ICD-10-CM diagnosis codes and their descriptions: the FY2026 release (April 1, 2026 update) of the
  ICD-10-CM tabular list, published by the National Center for Health Statistics (NCHS/CDC) with the
  Centers for Medicare & Medicaid Services (CMS). Read from the simple-icd-10-cm 1.5.0 package.

  HCPCS Level II codes and modifiers: the Healthcare Common Procedure Coding System, Level II, published
  by CMS; descriptions as of 2026, hand-checked. No dental (D) codes, which belong to the ADA.

  CPT is a registered trademark of the American Medical Association (AMA). codedrill is not affiliated
  with or endorsed by the AMA. The CPT-style cards carry a few dozen CPT code numbers for study reference
  only; every description on them is an original paraphrase written for codedrill, not AMA text. The
  numeric modifiers are likewise described in original words.

  Medical word parts, abbreviations, billing terms, ICD-10-CM conventions and the coding cases were
  written for codedrill.

For study only

  codedrill is a study aid. Never use it to code or bill a real claim: code sets change every year (ICD-10-CM
  each October, HCPCS every quarter), and real coding needs the current official code books. If you own a
  licensed code book or data file, you can import your own deck from it: codedrill then distributes nothing.
";
