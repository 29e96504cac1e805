//! Configuration: `hyoka.toml` at the workspace root, or the same keys as
//! LSP settings (JSON). Every check can be turned off or given a severity;
//! rating scales and rounding tolerances are configurable.
//!
//! ```toml
//! # The language of the messages, "ja" or "en" (before the first table).
//! language = "ja"
//! # The ministry's forms: "standard" (the default), "mofa", "mhlw", "soumu"
//! # (docs/profiles.md); the keys below adjust it.
//! profile = "mofa"
//!
//! [checks]
//! missing-project-number = "off"
//! HY0204 = "hint"
//!
//! [ratings]
//! indicator = ["s", "a", "b", "c", "d"]
//! measure-letters = ["S", "A", "B", "C", "D"]
//!
//! [inlay]
//! years = false
//!
//! [tolerance]
//! total = 0
//! means-per-item = 0.5
//! budget-sheet = 500
//! ```

use crate::checks::{registry, CheckInfo, Severity};
use crate::i18n::Msg;
use crate::normalize::fold;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A ministry's conventions: the forms it prints on top of the
/// government-wide ones (docs/profiles.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Profile {
    /// The government-wide 目標管理型 forms.
    #[default]
    Standard,
    /// 外務省: s/a/b/c/d per indicator, the label with its letter （Ｂ）.
    Mofa,
    /// 厚生労働省: a 総合判定 A/B/C beside the common classification,
    /// indicators numbered with one number, budget tables in 千円.
    Mhlw,
    /// 総務省: 政策N, indicators numbered with one number, budget tables in 千円.
    Soumu,
}

impl Profile {
    pub const ALL: [(&'static str, Profile); 4] =
        [("standard", Profile::Standard), ("mofa", Profile::Mofa), ("mhlw", Profile::Mhlw), ("soumu", Profile::Soumu)];

    pub fn name(self) -> &'static str {
        Profile::ALL.iter().find(|(_, p)| *p == self).map(|(n, _)| *n).unwrap_or("standard")
    }
}

/// One step of a ministry's 総合判定 (`B（達成に向けて進展あり）`): its
/// letter, its label, and the common classification's ranks it goes with.
#[derive(Clone, Debug, PartialEq)]
pub struct Overall {
    pub letter: String,
    pub label: String,
    pub ranks: Vec<usize>,
}

/// The five measure-level labels common to every ministry, best first.
pub const MEASURE_LABELS: [&str; 5] = ["目標超過達成", "目標達成", "相当程度進展あり", "進展が大きくない", "目標に向かっていない"];

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    checks: BTreeMap<&'static str, Option<Severity>>,
    /// Indicator rating letters, best first; index = rank (0 = exceeded).
    pub indicator_scale: Vec<String>,
    /// The ministry's letters for the five measure labels, best first.
    pub measure_letters: Vec<String>,
    pub total_tolerance: f64,
    pub means_tolerance_per_item: f64,
    pub sheet_tolerance: f64,
    /// Files larger than this are not indexed from disk.
    pub max_file_size: u64,
    /// Which inlay hints the editor shows.
    pub inlay: crate::features::inlay::InlayOptions,
    /// The language of the messages, when the configuration names one.
    pub language: Option<crate::i18n::Lang>,
    pub profile: Profile,
    /// Whether the file or settings named the profile (else the default).
    pub profile_named: bool,
    /// The 総合判定 of the profile, best first; empty when its forms have none.
    pub overall: Vec<Overall>,
    /// The unit of a budget or 達成手段 table without `@単位`.
    pub budget_unit: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            checks: BTreeMap::new(),
            indicator_scale: ["s", "a", "b", "c", "d"].map(String::from).to_vec(),
            measure_letters: ["S", "A", "B", "C", "D"].map(String::from).to_vec(),
            total_tolerance: 0.0,
            means_tolerance_per_item: 0.5,
            sheet_tolerance: 500.0,
            max_file_size: 20 * 1024 * 1024,
            inlay: Default::default(),
            language: None,
            profile: Profile::Standard,
            profile_named: false,
            overall: Vec::new(),
            budget_unit: "百万円".to_string(),
        }
    }
}

impl Config {
    /// The defaults of a profile, before the keys of the file adjust them.
    pub fn of_profile(profile: Profile) -> Config {
        let mut c = Config { profile, ..Config::default() };
        match profile {
            Profile::Standard | Profile::Mofa => {}
            Profile::Mhlw => {
                c.overall = [("A", "目標達成", vec![0, 1]), ("B", "達成に向けて進展あり", vec![2, 3]), ("C", "達成に向けて進展が見られない", vec![3, 4])]
                    .into_iter()
                    .map(|(l, t, r)| Overall { letter: l.into(), label: t.into(), ranks: r })
                    .collect();
                c.budget_unit = "千円".into();
            }
            Profile::Soumu => c.budget_unit = "千円".into(),
        }
        c
    }
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    #[serde(default)]
    checks: BTreeMap<String, String>,
    #[serde(default)]
    ratings: RawRatings,
    #[serde(default)]
    tolerance: RawTolerance,
    max_file_size: Option<u64>,
    #[serde(default)]
    inlay: RawInlay,
    language: Option<String>,
    profile: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawInlay {
    totals: Option<bool>,
    execution: Option<bool>,
    years: Option<bool>,
    all: Option<bool>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRatings {
    indicator: Option<Vec<String>>,
    measure_letters: Option<Vec<String>>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTolerance {
    total: Option<f64>,
    means_per_item: Option<f64>,
    budget_sheet: Option<f64>,
}

/// A configuration error with the byte span it concerns, when known.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub message: Msg,
    pub span: Option<std::ops::Range<usize>>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message.en())
    }
}

impl Config {
    /// Parses `hyoka.toml`.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let raw: Raw = toml::from_str(text).map_err(|e| ConfigError { message: Msg::ConfigSyntax { detail: e.message().to_string() }, span: e.span() })?;
        Config::from_raw(raw)
    }

    /// The LSP settings `value` with the profile of `toml` when the settings
    /// name none: like `language`, a profile chosen in hyoka.toml holds
    /// unless the editor's settings choose another.
    pub fn from_json_with_profile_of(value: &serde_json::Value, toml: Option<&Config>) -> Result<Config, ConfigError> {
        let inner = value.get("hyoka").unwrap_or(value);
        let named = inner.get("profile").is_some_and(|p| !p.is_null() && p.as_str() != Some(""));
        match toml.filter(|t| t.profile_named && !named) {
            Some(t) if inner.is_object() => {
                let mut v = inner.clone();
                v["profile"] = serde_json::Value::String(t.profile.name().to_string());
                Config::from_json(&v)
            }
            _ => Config::from_json(value),
        }
    }

    /// Parses the LSP settings object (`{"checks": {...}, "ratings": {...}}`),
    /// also accepted nested under a `hyoka` key.
    pub fn from_json(value: &serde_json::Value) -> Result<Config, ConfigError> {
        let value = value.get("hyoka").unwrap_or(value);
        if value.is_null() {
            return Ok(Config::default());
        }
        // Editors send their whole settings section (server path, trace…):
        // keep only the keys that configure the checks.
        let mut value = value.clone();
        if let Some(obj) = value.as_object_mut() {
            obj.retain(|k, _| matches!(k.as_str(), "checks" | "ratings" | "tolerance" | "inlay" | "max-file-size" | "maxFileSize" | "language" | "profile"));
            if let Some(v) = obj.remove("maxFileSize") {
                obj.insert("max-file-size".into(), v);
            }
            // An editor's "follow the UI" choice: no language of its own.
            if obj.get("language").is_some_and(|v| v.is_null() || v.as_str() == Some("")) {
                obj.remove("language");
            }
            if obj.get("profile").is_some_and(|v| v.is_null() || v.as_str() == Some("")) {
                obj.remove("profile");
            }
        }
        let raw: Raw = serde_json::from_value(value).map_err(|e| ConfigError { message: Msg::ConfigSyntax { detail: e.to_string() }, span: None })?;
        Config::from_raw(raw)
    }

    fn from_raw(raw: Raw) -> Result<Config, ConfigError> {
        let profile = match raw.profile.as_deref().map(|p| p.trim().to_ascii_lowercase()) {
            None => Profile::Standard,
            Some(p) => Profile::ALL
                .iter()
                .find(|(n, _)| *n == p)
                .map(|(_, p)| *p)
                .ok_or_else(|| ConfigError { message: Msg::ConfigUnknownProfile { value: raw.profile.clone().unwrap_or_default() }, span: None })?,
        };
        let mut c = Config::of_profile(profile);
        c.profile_named = raw.profile.is_some();
        for (k, v) in raw.checks {
            let info = registry::by_code_or_name(&k)
                .ok_or_else(|| ConfigError { message: Msg::ConfigUnknownCheck { key: k.clone() }, span: None })?;
            let setting = match v.to_ascii_lowercase().as_str() {
                "off" | "false" | "none" => None,
                "on" | "true" | "default" => Some(info.severity),
                "error" => Some(Severity::Error),
                "warning" | "warn" => Some(Severity::Warning),
                "information" | "info" => Some(Severity::Information),
                "hint" => Some(Severity::Hint),
                other => {
                    return Err(ConfigError {
                        message: Msg::ConfigBadSeverity { key: k.clone(), value: other.to_string() },
                        span: None,
                    })
                }
            };
            c.checks.insert(info.code, setting);
        }
        if let Some(scale) = raw.ratings.indicator {
            if scale.is_empty() || scale.len() > 5 {
                return Err(ConfigError { message: Msg::ConfigIndicatorScale, span: None });
            }
            c.indicator_scale = scale;
        }
        if let Some(l) = raw.ratings.measure_letters {
            if l.len() != 5 {
                return Err(ConfigError { message: Msg::ConfigMeasureLetters, span: None });
            }
            c.measure_letters = l;
        }
        let t = raw.tolerance;
        for (name, v) in [("total", t.total), ("means-per-item", t.means_per_item), ("budget-sheet", t.budget_sheet)] {
            if v.is_some_and(|v| !(v >= 0.0)) {
                return Err(ConfigError { message: Msg::ConfigTolerance { name: name.to_string() }, span: None });
            }
        }
        c.total_tolerance = t.total.unwrap_or(c.total_tolerance);
        c.means_tolerance_per_item = t.means_per_item.unwrap_or(c.means_tolerance_per_item);
        c.sheet_tolerance = t.budget_sheet.unwrap_or(c.sheet_tolerance);
        if let Some(m) = raw.max_file_size {
            c.max_file_size = m;
        }
        let i = raw.inlay;
        c.inlay.totals = i.totals.unwrap_or(c.inlay.totals);
        c.inlay.execution = i.execution.unwrap_or(c.inlay.execution);
        c.inlay.years = i.years.unwrap_or(c.inlay.years);
        c.inlay.all = i.all.unwrap_or(c.inlay.all);
        if let Some(l) = raw.language {
            c.language = Some(l.parse().map_err(|_| ConfigError { message: Msg::ConfigBadLanguage { value: l.clone() }, span: None })?);
        }
        Ok(c)
    }

    /// The severity a check reports with, or `None` when it is off.
    pub fn setting(&self, check: &CheckInfo) -> Option<Severity> {
        match self.checks.get(check.code) {
            Some(s) => *s,
            None => Some(check.severity),
        }
    }

    /// What the configuration says of a check: `None` when it says nothing,
    /// `Some(None)` when it turns the check off, else its severity.
    pub fn configured(&self, check: &CheckInfo) -> Option<Option<Severity>> {
        self.checks.get(check.code).copied()
    }

    /// The rank (0 = best) of an indicator rating letter, full- or half-width.
    pub fn indicator_rank(&self, letter: &str) -> Option<usize> {
        let scale_len = self.indicator_scale.len();
        self.indicator_scale
            .iter()
            .position(|s| crate::normalize::folds_alike(s, letter))
            // Map a shorter scale's positions onto the five meanings.
            .map(|p| if scale_len == 5 { p } else { p * 4 / (scale_len.max(2) - 1) })
    }
}

/// Splits a measure rating such as `相当程度進展あり（Ｂ）` into the rank of its
/// label and its letter, if any.
pub fn parse_measure_rating(text: &str) -> (Option<usize>, Option<String>) {
    let f = fold(text);
    let label = MEASURE_LABELS
        .iter()
        .enumerate()
        .filter(|(_, l)| f.contains(*l))
        .max_by_key(|(_, l)| l.len())
        .map(|(i, _)| i);
    let letter = f
        .rfind('(')
        .and_then(|o| f[o + 1..].strip_suffix(')').map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty());
    (label, letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_errors() {
        let c = Config::from_toml("[checks]\nmissing-project-number = \"off\"\nHY0204 = \"hint\"\n").unwrap();
        assert_eq!(c.setting(registry::MISSING_PROJECT_NUMBER), None);
        assert_eq!(c.setting(registry::FULL_WIDTH_RATING), Some(Severity::Hint));
        assert!(Config::from_toml("[checks]\nno-such = \"off\"").unwrap_err().message.en().contains("no-such"));
        assert!(Config::from_toml("[ratings]\nindicator = 3").is_err());
        assert_eq!(Config::default().indicator_rank("ｂ"), Some(2));
        assert_eq!(parse_measure_rating("相当程度進展あり（Ｂ）"), (Some(2), Some("B".into())));
        assert_eq!(parse_measure_rating("目標達成"), (Some(1), None));
        assert_eq!(parse_measure_rating("目標超過達成"), (Some(0), None));
    }
}
