//! The editor's form: a question's fields as a teacher edits them, with no index to count.
//! Every kind's part is kept while another kind is chosen, so switching back loses nothing.

use smol_str::SmolStr;

use crate::bank::cloze::Cloze;
use crate::bank::{Answer, Kind, QuestionFields, QuestionId};
use crate::grade::{format_number, parse_number};

/// A question's fields as text being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    /// The question as asked.
    pub prompt: String,
    /// Which kind of question.
    pub kind: Kind,
    /// `Choice`: each option and whether it is right.
    pub options: Vec<(String, bool)>,
    /// `TrueFalse`: whether the statement is true.
    pub truth: bool,
    /// `Typed`: the accepted answers, the first shown as the answer.
    pub accept: Vec<String>,
    /// `Number`: the value, the tolerance and the unit as typed.
    pub value: String,
    /// `Number`: how far off still counts as right.
    pub tolerance: String,
    /// `Number`: the unit shown beside the field.
    pub unit: String,
    /// `Order`: the items in their right order.
    pub items: Vec<String>,
    /// `Match`: the pairs.
    pub pairs: Vec<(String, String)>,
    /// `Cloze`: the text with its gaps.
    pub cloze: String,
    /// `Flashcard`: the back.
    pub back: String,
    /// Why the answer is right.
    pub explanation: String,
    /// What the answer rests on.
    pub source: String,
    /// Tags, separated by commas.
    pub tags: String,
    /// 1 (easy) to 3 (hard), or none.
    pub difficulty: Option<u8>,
}

impl Default for Form {
    fn default() -> Self {
        Self {
            prompt: String::new(),
            kind: Kind::Choice,
            options: vec![(String::new(), true), (String::new(), false)],
            truth: true,
            accept: vec![String::new()],
            value: String::new(),
            tolerance: String::new(),
            unit: String::new(),
            items: vec![String::new(), String::new()],
            pairs: vec![
                (String::new(), String::new()),
                (String::new(), String::new()),
            ],
            cloze: String::new(),
            back: String::new(),
            explanation: String::new(),
            source: String::new(),
            tags: String::new(),
            difficulty: None,
        }
    }
}

fn strings(items: &[SmolStr]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

impl Form {
    /// The form of a question as written.
    pub fn of(fields: &QuestionFields) -> Self {
        let mut form = Self {
            prompt: fields.prompt.clone(),
            kind: fields.answer.kind(),
            explanation: fields.explanation.clone().unwrap_or_default(),
            source: fields.source.clone().unwrap_or_default(),
            tags: fields.tags.join(", "),
            difficulty: fields.difficulty,
            ..Self::default()
        };
        match &fields.answer {
            Answer::Choice { options, correct } => {
                form.options = options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (o.to_string(), correct.contains(&i)))
                    .collect();
            }
            Answer::TrueFalse(truth) => form.truth = *truth,
            Answer::Typed { accept } => form.accept = strings(accept),
            Answer::Number {
                value,
                tolerance,
                unit,
            } => {
                form.value = format_number(*value);
                if *tolerance > 0.0 {
                    form.tolerance = format_number(*tolerance);
                }
                unit.as_deref()
                    .unwrap_or_default()
                    .clone_into(&mut form.unit);
            }
            Answer::Order(items) => form.items = strings(items),
            Answer::Match(pairs) => {
                form.pairs = pairs
                    .iter()
                    .map(|(l, r)| (l.to_string(), r.to_string()))
                    .collect();
            }
            Answer::Cloze(cloze) => cloze.text().clone_into(&mut form.cloze),
            Answer::Flashcard(back) => form.back = back.to_string(),
        }
        form
    }

    /// The answer the form describes, or what keeps it from being one (a number that is not a
    /// number). Everything else is left to the set's rules, which say it as `check` does.
    pub fn answer(&self) -> Result<Answer, String> {
        Ok(match self.kind {
            Kind::Choice => Answer::Choice {
                options: self.options.iter().map(|(o, _)| o.trim().into()).collect(),
                correct: (0..self.options.len())
                    .filter(|&i| self.options[i].1)
                    .collect(),
            },
            Kind::TrueFalse => Answer::TrueFalse(self.truth),
            Kind::Typed => Answer::Typed {
                accept: self.accept.iter().map(|a| a.trim().into()).collect(),
            },
            Kind::Number => {
                let value = parse_number(&self.value)
                    .ok_or_else(|| format!("the value {:?} is not a number", self.value.trim()))?;
                let tolerance = if self.tolerance.trim().is_empty() {
                    0.0
                } else {
                    parse_number(&self.tolerance).ok_or_else(|| {
                        format!("the tolerance {:?} is not a number", self.tolerance.trim())
                    })?
                };
                let unit = self.unit.trim();
                Answer::Number {
                    value,
                    tolerance,
                    unit: (!unit.is_empty()).then(|| unit.into()),
                }
            }
            Kind::Order => Answer::Order(self.items.iter().map(|i| i.trim().into()).collect()),
            Kind::Match => Answer::Match(
                self.pairs
                    .iter()
                    .map(|(l, r)| (l.trim().into(), r.trim().into()))
                    .collect(),
            ),
            Kind::Cloze => Answer::Cloze(Cloze::from(self.cloze.clone())),
            Kind::Flashcard => Answer::Flashcard(self.back.trim().into()),
        })
    }

    /// The question the form describes, under `id`.
    pub fn fields(&self, id: &QuestionId) -> Result<QuestionFields, String> {
        let optional = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        Ok(QuestionFields {
            id: id.clone(),
            prompt: self.prompt.trim().to_owned(),
            answer: self.answer()?,
            explanation: optional(&self.explanation),
            source: optional(&self.source),
            tags: self
                .tags
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(SmolStr::from)
                .collect(),
            difficulty: self.difficulty,
        })
    }

    /// The question the form describes, over `base`, the question as it is in the file: a
    /// field the teacher did not touch keeps its value exactly as written (its spaces, its
    /// tags with commas, the order of a Choice's right options), so saving changes only what
    /// was edited.
    pub fn fields_over(
        &self,
        base: Option<&QuestionFields>,
        id: &QuestionId,
    ) -> Result<QuestionFields, String> {
        let mut fields = self.fields(id)?;
        let Some(base) = base else {
            return Ok(fields);
        };
        let was = Self::of(base);
        if self.prompt == was.prompt {
            fields.prompt.clone_from(&base.prompt);
        }
        if self.explanation == was.explanation {
            fields.explanation.clone_from(&base.explanation);
        }
        if self.source == was.source {
            fields.source.clone_from(&base.source);
        }
        if self.tags == was.tags {
            fields.tags.clone_from(&base.tags);
        }
        if self.same_answer(&was) {
            fields.answer = base.answer.clone();
        }
        Ok(fields)
    }

    /// The teacher's changes (this form against `was`, the question as it was opened) put onto
    /// `now`, the question as the file has it now: what the teacher did not change takes the
    /// value on disk, what they changed keeps theirs.
    pub fn onto(&self, was: &Self, now: &Self) -> Self {
        let mut merged = now.clone();
        if self.prompt != was.prompt {
            merged.prompt.clone_from(&self.prompt);
        }
        if !self.same_answer(was) {
            merged.kind = self.kind;
            merged.options.clone_from(&self.options);
            merged.truth = self.truth;
            merged.accept.clone_from(&self.accept);
            merged.value.clone_from(&self.value);
            merged.tolerance.clone_from(&self.tolerance);
            merged.unit.clone_from(&self.unit);
            merged.items.clone_from(&self.items);
            merged.pairs.clone_from(&self.pairs);
            merged.cloze.clone_from(&self.cloze);
            merged.back.clone_from(&self.back);
        }
        if self.explanation != was.explanation {
            merged.explanation.clone_from(&self.explanation);
        }
        if self.source != was.source {
            merged.source.clone_from(&self.source);
        }
        if self.tags != was.tags {
            merged.tags.clone_from(&self.tags);
        }
        if self.difficulty != was.difficulty {
            merged.difficulty = self.difficulty;
        }
        merged
    }

    /// Whether the answer part of the form is as in `was`: the same kind, the same fields.
    fn same_answer(&self, was: &Self) -> bool {
        self.kind == was.kind
            && match self.kind {
                Kind::Choice => self.options == was.options,
                Kind::TrueFalse => self.truth == was.truth,
                Kind::Typed => self.accept == was.accept,
                Kind::Number => {
                    (&self.value, &self.tolerance, &self.unit)
                        == (&was.value, &was.tolerance, &was.unit)
                }
                Kind::Order => self.items == was.items,
                Kind::Match => self.pairs == was.pairs,
                Kind::Cloze => self.cloze == was.cloze,
                Kind::Flashcard => self.back == was.back,
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Bank, Source};

    #[test]
    fn every_shipped_question_reads_into_the_form_and_back_unchanged() {
        let bank = Bank::load(&[Source::Shipped]);
        for (_, question) in bank.cards() {
            let fields = question.fields();
            let read_back = Form::of(&fields).fields(&fields.id).unwrap();
            assert_eq!(read_back, fields, "{}", question.id());
        }
    }

    #[test]
    fn fields_the_teacher_did_not_touch_keep_their_value_as_written() {
        let base = QuestionFields {
            id: QuestionId::new("q"),
            prompt: "  Lead space\n".to_owned(),
            answer: Answer::Choice {
                options: vec!["a".into(), "b".into(), "c".into()].into(),
                correct: vec![2, 0].into(),
            },
            explanation: Some(String::new()),
            source: Some("  s  ".to_owned()),
            tags: vec!["c, d".into(), "e".into()],
            difficulty: Some(2),
        };
        let mut form = Form::of(&base);
        assert_eq!(form.fields_over(Some(&base), &base.id).unwrap(), base);
        form.source = "NATO".to_owned();
        let edited = form.fields_over(Some(&base), &base.id).unwrap();
        assert_eq!(edited.source.as_deref(), Some("NATO"));
        assert_eq!(
            QuestionFields {
                source: base.source.clone(),
                ..edited
            },
            base,
            "only the source changed"
        );
        form.options[1].1 = true;
        let ticked = form.fields_over(Some(&base), &base.id).unwrap();
        assert_eq!(
            ticked.answer,
            Answer::Choice {
                options: vec!["a".into(), "b".into(), "c".into()].into(),
                correct: vec![0, 1, 2].into(),
            }
        );
    }

    #[test]
    fn saving_over_another_change_keeps_what_the_other_changed_and_the_teacher_did_not() {
        let was = Form {
            prompt: "Old prompt".to_owned(),
            explanation: "old".to_owned(),
            difficulty: Some(2),
            ..Form::default()
        };
        let mut mine = was.clone();
        mine.prompt = "My prompt".to_owned();
        let mut theirs = was.clone();
        theirs.explanation = "theirs".to_owned();
        theirs.difficulty = Some(3);
        theirs.prompt = "Their prompt".to_owned();
        let merged = mine.onto(&was, &theirs);
        assert_eq!(merged.prompt, "My prompt", "mine where I changed it");
        assert_eq!(merged.explanation, "theirs", "theirs where I did not");
        assert_eq!(merged.difficulty, Some(3));
    }

    #[test]
    fn a_choice_is_ticked_not_counted_and_a_bad_number_is_named() {
        let mut form = Form {
            options: vec![
                ("24 August 1949".into(), false),
                (" 4 April 1949 ".into(), true),
                ("21 July 1949".into(), true),
            ],
            ..Form::default()
        };
        assert_eq!(
            form.answer().unwrap(),
            Answer::Choice {
                options: vec![
                    "24 August 1949".into(),
                    "4 April 1949".into(),
                    "21 July 1949".into()
                ]
                .into(),
                correct: vec![1, 2].into(),
            }
        );
        form.kind = Kind::Number;
        form.value = "twelve".into();
        assert_eq!(
            form.answer().unwrap_err(),
            "the value \"twelve\" is not a number"
        );
        form.value = "1 949".into();
        form.tolerance = "0,5".into();
        form.unit = " km ".into();
        assert_eq!(
            form.answer().unwrap(),
            Answer::Number {
                value: 1949.0,
                tolerance: 0.5,
                unit: Some("km".into())
            }
        );
        form.kind = Kind::Choice;
        assert_eq!(
            form.answer().unwrap().kind(),
            Kind::Choice,
            "the options are kept"
        );
    }
}
