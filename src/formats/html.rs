//! HTML in a question (GIFT's `[html]`, Anki fields) as the plain text allydeck shows.

/// The text of `html`: tags gone, entities read, paragraphs and line breaks as new lines,
/// runs of blank lines as one, nothing wrapped.
pub fn to_text(html: &str) -> String {
    let text = html2text::config::plain_no_decorate()
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), 10_000)
        .unwrap_or_else(|_| html.to_owned());
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags_go_entities_are_read_and_paragraphs_stay_apart() {
        assert_eq!(
            super::to_text("<p>Article <b>5</b> &amp; <i>4</i></p><p>Second&nbsp;one<br>next</p>"),
            "Article 5 & 4\n\nSecond\u{a0}one\nnext"
        );
        assert_eq!(super::to_text("plain words"), "plain words");
    }
}
