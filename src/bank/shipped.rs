//! The question sets shipped with allydeck, compiled into the binary so that it works with
//! no setup. A test checks that this list and the `.ron` files in `questions/` agree.

/// Each shipped file's path in the source tree and its text.
pub const FILES: &[(&str, &str)] = &[
    (
        "questions/article-5.ron",
        include_str!("../../questions/article-5.ron"),
    ),
    (
        "questions/invocation-2001.ron",
        include_str!("../../questions/invocation-2001.ron"),
    ),
    (
        "questions/partnership-for-peace.ron",
        include_str!("../../questions/partnership-for-peace.ron"),
    ),
    (
        "questions/ccdcoe-tallinn.ron",
        include_str!("../../questions/ccdcoe-tallinn.ron"),
    ),
];
