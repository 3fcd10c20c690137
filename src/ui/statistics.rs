//! The Statistics screen: plots of the series `stats::series` computes, for a range and a set.
//!
//! The series are computed when the screen opens and when the range, the set or the data
//! change, never per frame: a frame only draws them.

use egui::{Color32, RichText, Role, Ui, WidgetInfo};
use egui_plot::{Bar, BarChart, GridMark, HoverPosition, Line, Plot, PlotPoints, Points};

use super::action::Action;
use super::theme;
use crate::bank::SetId;
use crate::stats::{DayReviews, Series, SetStats};

/// Ranges offered: (days, label).
pub const RANGES: [(u32, &str); 3] = [(30, "1 month"), (90, "3 months"), (365, "1 year")];

/// The screen's state: what is shown, and the series computed for it.
pub struct StatsScreen {
    /// Days the per-day and per-week plots cover.
    pub range: u32,
    /// The set shown, or every set.
    pub set: Option<SetId>,
    /// The series for `range` and `set`.
    pub series: Series,
    /// Counts per set, for mastery.
    pub sets: Vec<SetStats>,
    /// Predicted recall against recall, once asked for (it replays every card's history).
    pub calibration: Option<Result<crate::app::Calibration, String>>,
}

const LEARNING: Color32 = Color32::from_rgb(70, 130, 220);
const REVIEW: Color32 = Color32::from_rgb(60, 170, 90);
const RELEARNING: Color32 = Color32::from_rgb(230, 140, 40);
/// One colour per set in the quiz plot, readable on light and dark backgrounds.
const PALETTE: [Color32; 6] = [
    Color32::from_rgb(70, 130, 220),
    Color32::from_rgb(230, 140, 40),
    Color32::from_rgb(60, 170, 90),
    Color32::from_rgb(190, 90, 190),
    Color32::from_rgb(200, 80, 80),
    Color32::from_rgb(60, 170, 170),
];

/// A heading, and a still plot under it (the data has no more detail to zoom into).
fn plot(ui: &mut Ui, title: &str, height: f32) -> Plot<'static> {
    heading(ui, title);
    untitled_plot(title, height)
}

fn heading(ui: &mut Ui, title: &str) {
    ui.label(RichText::new(title).strong().size(16.0));
}

/// A still plot with no heading drawn (its caller drew the heading, and a legend under it).
fn untitled_plot(title: &str, height: f32) -> Plot<'static> {
    Plot::new(title.to_owned())
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_background(false)
        // Steps of 1, 5 and 25 rather than 1, 10 and 100: a short plot of single-digit
        // counts still gets a labelled line above zero.
        .y_grid_spacer(egui_plot::log_grid_spacer(5))
}

/// A still plot of counts: its y axis starts at 0, shows whole numbers only and reaches at
/// least `max` (so that an empty plot reads 0 to 4, not -15 to 15).
fn counts_plot(ui: &mut Ui, title: &str, height: f32, max: f64, y_label: &str) -> Plot<'static> {
    heading(ui, title);
    counts(untitled_plot(title, height), max, y_label)
}

/// See [`counts_plot`].
fn counts(plot: Plot<'static>, max: f64, y_label: &str) -> Plot<'static> {
    plot.include_y(0.0)
        .include_y(max.max(4.0))
        .y_axis_label(y_label.to_owned())
        .y_axis_formatter(|mark, _| whole(mark.value))
}

/// A grid mark's value as a whole number, or nothing for a fraction or a negative value.
fn whole(value: f64) -> String {
    // -0 is 0.
    let value = value + 0.0;
    let rounded = value.round();
    if value < 0.0 || (value - rounded).abs() > 1e-6 {
        String::new()
    } else {
        format!("{rounded:.0}")
    }
}

/// Bars whose hover text is their own name ("3 Mar 2026: 4 review"): the day, the series and
/// the value, nothing about plot coordinates.
fn chart(series: &str, bars: Vec<Bar>) -> BarChart {
    BarChart::new(series.to_owned(), bars).element_formatter(Box::new(|bar, _| bar.name.clone()))
}

/// A legend above a plot, where it hides no bar: a coloured square and a name per series.
fn legend_row(ui: &mut Ui, series: &[(&str, Color32)]) {
    ui.horizontal(|ui| {
        for (name, color) in series {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, *color);
            ui.label(*name);
            ui.add_space(8.0);
        }
    });
}

/// An x axis naming each bar (`labels[i]` under bar `i`), every name shown in full: `egui_plot`
/// leaves out (or fades) a tick label it thinks too close to the next, which dropped
/// "90–365 d" in a narrow window.
fn bar_names(ui: &Ui, axis: &str, labels: Vec<String>) -> egui_plot::AxisHints<'static> {
    egui_plot::AxisHints::new_x()
        .label(axis.to_owned())
        .label_spacing(8.0..=10.0)
        .tick_label_font(egui::FontId::proportional(12.0))
        .tick_label_color(ui.visuals().text_color())
        .formatter(move |mark, _| axis_label(mark.value, &labels))
}

/// Grid marks at 0, 1, ..., `n - 1`: one labelled mark per bar, whatever the plot's width.
fn every_bar(n: usize) -> impl Fn(egui_plot::GridInput) -> Vec<GridMark> {
    move |_| {
        (0..n)
            .map(|i| GridMark {
                value: f64::from(u32::try_from(i).unwrap_or(u32::MAX)),
                step_size: 1.0,
            })
            .collect()
    }
}

/// Names a drawn plot for screen readers (and tests): "Reviews per day chart".
fn name(response: &egui::Response, title: &str) {
    response.widget_info(|| WidgetInfo::labeled(Role::Image, true, format!("{title} chart")));
}

/// Draws the Statistics screen.
pub fn statistics_ui(
    ui: &mut Ui,
    screen: &StatsScreen,
    set_titles: &[(SetId, String)],
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        if ui.button("⬅ Home").on_hover_text("Esc").clicked() {
            actions.push(Action::GoHome);
        }
        ui.heading("Statistics");
        ui.add_space(16.0);
        for (days, label) in RANGES {
            if ui.selectable_label(screen.range == days, label).clicked() && screen.range != days {
                actions.push(Action::StatsRange(days));
            }
        }
        ui.add_space(16.0);
        // The label and its list stay together when the row wraps.
        ui.horizontal(|ui| set_choice_ui(ui, screen, set_titles, actions));
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("statistics")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let s = &screen.series;
            summary_ui(ui, s);
            reviews_ui(ui, s);
            calendar_ui(ui, s);
            // Side by side when there is room; one under the other in a narrow window.
            let side_by_side = ui.available_width() >= 700.0;
            pair(
                ui,
                side_by_side,
                |ui| forecast_ui(ui, s),
                |ui| retention_ui(ui, s),
            );
            quiz_ui(ui, s, set_titles);
            pair(
                ui,
                side_by_side,
                |ui| phases_ui(ui, s),
                |ui| stability_ui(ui, s),
            );
            mastery_ui(ui, &screen.sets, screen.set.as_ref());
            calibration_ui(ui, screen.calibration.as_ref(), actions);
        });
}

/// How well FSRS predicted the student's recall: a line per bin of predicted recall, overall
/// and for each kind of question (a right pick among four options may be a guess).
fn calibration_ui(
    ui: &mut Ui,
    calibration: Option<&Result<crate::app::Calibration, String>>,
    actions: &mut Vec<Action>,
) {
    ui.add_space(12.0);
    ui.label(RichText::new("How well FSRS predicts your recall").strong());
    ui.label(theme::quiet(
        ui,
        "For every review on a later day than the card's one before, over your whole log and \
         every set (the choices above do not narrow it): the recall FSRS predicted with the \
         parameters in force, against whether you recalled it.",
    ));
    let Some(calibration) = calibration else {
        if ui.button("Show the calibration").clicked() {
            actions.push(Action::ShowCalibration);
        }
        return;
    };
    let calibration = match calibration {
        Ok(calibration) => calibration,
        Err(why) => {
            ui.label(RichText::new(why).color(theme::wrong(ui.visuals().dark_mode)));
            return;
        }
    };
    if calibration.reviews == 0 {
        ui.label("No review on a later day yet: nothing to compare.");
        return;
    }
    calibration_plot(ui, calibration);
    bins_ui(ui, "calibration-all", &calibration.overall);
    for kind in &calibration.by_kind {
        egui::CollapsingHeader::new(format!("{} ({} reviews)", kind.kind.name(), kind.reviews))
            .id_salt(("calibration", kind.kind.name()))
            .show(ui, |ui| bins_ui(ui, kind.kind.name(), &kind.bins));
    }
}

/// One colour per kind of question in the calibration plot (eight kinds).
const KIND_COLORS: [Color32; 8] = [
    PALETTE[0],
    PALETTE[1],
    PALETTE[2],
    PALETTE[3],
    PALETTE[4],
    PALETTE[5],
    Color32::from_rgb(200, 170, 40),
    Color32::from_rgb(230, 110, 160),
];

/// Bins with fewer reviews than this are left out of the plot: a share of two or three
/// answers says little (the table below lists them all).
const PLOTTED_REVIEWS: usize = 10;

/// Recalled against predicted, one point per bin, overall and for each kind with enough
/// reviews, over the diagonal a perfect prediction would follow.
fn calibration_plot(ui: &mut Ui, calibration: &crate::app::Calibration) {
    let title = "Recalled against predicted";
    let points = |bins: &[crate::schedule::optimize::Bin]| -> Vec<[f64; 2]> {
        bins.iter()
            .filter(|b| b.reviews >= PLOTTED_REVIEWS)
            .map(|b| [b.predicted * 100.0, b.recalled * 100.0])
            .collect()
    };
    let kinds: Vec<(&str, Vec<[f64; 2]>, Color32)> = calibration
        .by_kind
        .iter()
        .map(|k| (k.kind.name(), points(&k.bins)))
        .filter(|(_, p)| !p.is_empty())
        .zip(KIND_COLORS.iter().cycle())
        .map(|((name, p), color)| (name, p, *color))
        .collect();
    let overall = points(&calibration.overall);
    let dark = ui.visuals().dark_mode;
    let ink = if dark { Color32::WHITE } else { Color32::BLACK };
    heading(ui, title);
    let mut series = vec![("All reviews", ink)];
    series.extend(kinds.iter().map(|(name, _, color)| (*name, *color)));
    legend_row(ui, &series);
    // Most predictions are high: from 50% (lower when a plotted bin is), the same on both axes.
    let low = overall
        .iter()
        .chain(kinds.iter().flat_map(|(_, p, _)| p))
        .flat_map(|p| *p)
        .fold(50.0f64, f64::min);
    let low = (low / 10.0).floor() * 10.0;
    let response = untitled_plot(title, 260.0)
        .width(420.0_f32.min(ui.available_width()))
        .x_axis_label("predicted recall (%)")
        .y_axis_label("% recalled")
        .x_axis_formatter(|mark, _| percent_mark(mark.value))
        .y_axis_formatter(|mark, _| percent_mark(mark.value))
        .auto_bounds([false, false])
        .default_x_bounds(low - 1.0, 101.0)
        .default_y_bounds(low - 1.0, 101.0)
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } if !plot_name.is_empty() && *plot_name != "As predicted" => Some(format!(
                "{plot_name}: predicted {:.0}%, recalled {:.0}%",
                position.x, position.y
            )),
            _ => None,
        })
        .show(ui, |p| {
            p.line(
                Line::new(
                    "As predicted",
                    PlotPoints::from(vec![[low, low], [100.0, 100.0]]),
                )
                .color(Color32::GRAY)
                .style(egui_plot::LineStyle::dashed_loose()),
            );
            for (name, points, color) in &kinds {
                p.points(
                    Points::new(*name, PlotPoints::from(points.clone()))
                        .radius(3.0)
                        .color(*color),
                );
            }
            p.line(Line::new("All reviews", PlotPoints::from(overall.clone())).color(ink));
            p.points(
                Points::new("All reviews", PlotPoints::from(overall))
                    .radius(4.0)
                    .color(ink),
            );
        })
        .response;
    name(&response, title);
    ui.label(theme::quiet(
        ui,
        "A point above the dashed line: recalled more often than FSRS predicted; below: less. \
         Bins of fewer than 10 reviews are left out here, not in the table.",
    ));
}

fn bins_ui(ui: &mut Ui, id: &str, bins: &[crate::schedule::optimize::Bin]) {
    egui::Grid::new(("bins", id))
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for heading in ["Predicted", "Reviews", "Predicted on average", "Recalled"] {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for bin in bins {
                ui.label(format!("{:.0}-{:.0}%", bin.from * 100.0, bin.to * 100.0));
                ui.label(bin.reviews.to_string());
                ui.label(format!("{:.1}%", bin.predicted * 100.0));
                ui.label(format!("{:.1}%", bin.recalled * 100.0));
                ui.end_row();
            }
        });
}

/// Two plots, in two columns or one under the other.
fn pair(ui: &mut Ui, side_by_side: bool, left: impl FnOnce(&mut Ui), right: impl FnOnce(&mut Ui)) {
    if side_by_side {
        ui.columns(2, |columns| {
            left(&mut columns[0]);
            right(&mut columns[1]);
        });
    } else {
        left(ui);
        right(ui);
    }
}

/// "Set" and the list of sets to show.
fn set_choice_ui(
    ui: &mut Ui,
    screen: &StatsScreen,
    set_titles: &[(SetId, String)],
    actions: &mut Vec<Action>,
) {
    let label = ui.label("Set");
    let shown = screen
        .set
        .as_ref()
        .and_then(|id| set_titles.iter().find(|(i, _)| i == id))
        .map_or("All sets", |(_, title)| title.as_str());
    egui::ComboBox::from_id_salt("stats-set")
        .selected_text(shown)
        .width(260.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(screen.set.is_none(), "All sets")
                .clicked()
                && screen.set.is_some()
            {
                actions.push(Action::StatsSet(None));
            }
            for (id, title) in set_titles {
                let chosen = screen.set.as_ref() == Some(id);
                if ui.selectable_label(chosen, title).clicked() && !chosen {
                    actions.push(Action::StatsSet(Some(id.clone())));
                }
            }
        })
        .response
        .labelled_by(label.id);
}

fn summary_ui(ui: &mut Ui, s: &Series) {
    let answers: u32 = s.reviews_per_day.iter().map(DayReviews::total).sum();
    let (reviews, kept) = s
        .retention_per_week
        .iter()
        .fold((0, 0), |(r, k), w| (r + w.reviews, k + w.kept));
    let retention = if reviews > 0 {
        format!("{:.0}%", f64::from(kept) * 100.0 / f64::from(reviews))
    } else {
        "–".to_owned()
    };
    ui.label(
        RichText::new(format!(
            "{} in {} days · true retention {retention} · streak {} (longest {})",
            plural(answers, "answer"),
            s.range_days,
            plural(s.current_streak, "day"),
            plural(s.longest_streak, "day"),
        ))
        .size(16.0),
    );
    if s.overridden > 0 {
        ui.label(theme::quiet(
            ui,
            format!(
                "You overruled the grader {} time{} in these days (\"I was right\", or Again \
                 after a right answer).",
                s.overridden,
                if s.overridden == 1 { "" } else { "s" }
            ),
        ));
    }
    ui.add_space(8.0);
}

/// "1 answer", "3 answers".
fn plural(n: u32, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn reviews_ui(ui: &mut Ui, s: &Series) {
    let title = "Reviews per day";
    let busiest = s
        .reviews_per_day
        .iter()
        .map(DayReviews::total)
        .max()
        .unwrap_or(0);
    if busiest == 0 {
        ui.label(RichText::new(title).strong().size(16.0));
        ui.label(theme::quiet(
            ui,
            "No reviews in these days yet: they appear here after your first study session.",
        ));
        ui.add_space(8.0);
        return;
    }
    heading(ui, title);
    legend_row(
        ui,
        &[
            ("Learning", LEARNING),
            ("Review", REVIEW),
            ("Relearning", RELEARNING),
        ],
    );
    let plot = counts(untitled_plot(title, 180.0), f64::from(busiest), "answers");
    let bars = |pick: fn(&DayReviews) -> u32, kind: &'static str| -> Vec<Bar> {
        s.reviews_per_day
            .iter()
            .map(|d| {
                Bar::new(-f64::from(d.days_ago), f64::from(pick(d)))
                    .name(format!(
                        "{}: {} {kind} answer{}",
                        d.date.format("%-d %b %Y"),
                        pick(d),
                        if pick(d) == 1 { "" } else { "s" }
                    ))
                    .width(0.8)
            })
            .collect()
    };
    let learning = chart("Learning", bars(|d| d.learning, "learning")).color(LEARNING);
    let review = chart("Review", bars(|d| d.review, "review"))
        .color(REVIEW)
        .stack_on(&[&learning]);
    let relearning = chart("Relearning", bars(|d| d.relearning, "relearning"))
        .color(RELEARNING)
        .stack_on(&[&learning, &review]);
    let response = plot
        .x_axis_label("days ago")
        .x_axis_formatter(|mark, _| whole(-mark.value))
        .show(ui, |p| {
            p.bar_chart(learning);
            p.bar_chart(review);
            p.bar_chart(relearning);
        })
        .response;
    name(&response, title);
}

fn forecast_ui(ui: &mut Ui, s: &Series) {
    let title = "Due in the next 30 days";
    let most = s.due_forecast.iter().map(|d| d.cards).max().unwrap_or(0);
    let plot = counts_plot(ui, title, 160.0, f64::from(most), "cards");
    let bars: Vec<Bar> = s
        .due_forecast
        .iter()
        .map(|d| {
            Bar::new(f64::from(d.in_days), f64::from(d.cards))
                .name(format!("{}: {} due", d.date.format("%-d %b"), d.cards))
                .width(0.8)
        })
        .collect();
    let response = plot
        .x_axis_label("days from today")
        .x_axis_formatter(|mark, _| whole(mark.value))
        .show(ui, |p| {
            p.bar_chart(chart("Due", bars).color(REVIEW));
        })
        .response;
    name(&response, title);
}

fn retention_ui(ui: &mut Ui, s: &Series) {
    let title = "True retention per week";
    let weeks = s
        .retention_per_week
        .iter()
        .map(|w| w.weeks_ago)
        .max()
        .unwrap_or(0);
    let plot = plot(ui, title, 160.0);
    let points: Vec<[f64; 2]> = s
        .retention_per_week
        .iter()
        .filter_map(|w| w.retention.map(|r| [-f64::from(w.weeks_ago), r * 100.0]))
        .collect();
    if points.is_empty() {
        ui.label(theme::quiet(
            ui,
            "No review of a learned card yet: retention shows once cards come back for review.",
        ));
    }
    let response = plot
        .x_axis_label("weeks ago")
        .y_axis_label("% remembered")
        .x_axis_formatter(|mark, _| whole(-mark.value))
        .y_axis_formatter(|mark, _| percent_mark(mark.value))
        // Always 0-100 % (a little room around, so a point at 0 or 100 shows), over every
        // week of the range, whatever the points.
        .auto_bounds([false, false])
        .default_y_bounds(-5.0, 105.0)
        .default_x_bounds(-f64::from(weeks.max(1)) - 0.5, 0.5)
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint { position, .. } => {
                Some(format!("{:.0} weeks ago: {:.0}%", -position.x, position.y))
            }
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |p| {
            p.line(Line::new("Retention", PlotPoints::from(points.clone())).color(REVIEW));
            p.points(
                Points::new("Weeks", PlotPoints::from(points))
                    .radius(3.0)
                    .color(REVIEW),
            );
        })
        .response;
    name(&response, title);
}

fn quiz_ui(ui: &mut Ui, s: &Series, set_titles: &[(SetId, String)]) {
    let title = "Quiz scores";
    if s.quiz_scores.is_empty() {
        ui.label(RichText::new(title).strong().size(16.0));
        ui.label(theme::quiet(
            ui,
            "No quiz taken yet: scores of whole quizzes appear here (retries of mistakes are \
             practice and left out).",
        ));
        ui.add_space(8.0);
        return;
    }
    let names: Vec<(&str, Color32)> = s
        .quiz_scores
        .iter()
        .zip(KIND_COLORS.iter().cycle())
        .map(|(series, color)| {
            let name = set_titles
                .iter()
                .find(|(id, _)| *id == series.set)
                .map_or(series.set.as_str(), |(_, t)| t.as_str());
            (name, *color)
        })
        .collect();
    heading(ui, title);
    legend_row(ui, &names);
    let plot = untitled_plot(title, 160.0);
    let response = plot
        .x_axis_label("quiz")
        .y_axis_label("score %")
        .x_axis_formatter(|mark, _| whole(mark.value))
        .y_axis_formatter(|mark, _| percent_mark(mark.value))
        .auto_bounds([true, false])
        .default_y_bounds(-5.0, 105.0)
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\nquiz {}: {:.0}%",
                position.x, position.y
            )),
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |p| {
            for (series, color) in s.quiz_scores.iter().zip(PALETTE.iter().cycle()) {
                let name = set_titles
                    .iter()
                    .find(|(id, _)| *id == series.set)
                    .map_or(series.set.as_str(), |(_, t)| t.as_str());
                let points: Vec<[f64; 2]> = series
                    .scores
                    .iter()
                    .zip(1..)
                    .map(|((_, score), n)| [f64::from(n), score * 100.0])
                    .collect();
                p.line(Line::new(name, PlotPoints::from(points.clone())).color(*color));
                p.points(
                    Points::new(name, PlotPoints::from(points))
                        .radius(3.0)
                        .color(*color),
                );
            }
        })
        .response;
    name(&response, title);
}

fn phases_ui(ui: &mut Ui, s: &Series) {
    let title = "Cards by phase";
    let p = &s.phases;
    let most = p.new.max(p.learning).max(p.review).max(p.relearning);
    let plot = counts_plot(ui, title, 150.0, f64::from(most), "cards");
    let counts = [
        ("new", p.new, LEARNING),
        ("learning", p.learning, RELEARNING),
        ("review", p.review, REVIEW),
        ("relearning", p.relearning, Color32::from_rgb(200, 80, 80)),
    ];
    let bars: Vec<Bar> = counts
        .iter()
        .zip(0..)
        .map(|(&(label, n, color), i)| {
            Bar::new(f64::from(i), f64::from(n))
                .name(format!("{label}: {n}"))
                .fill(color)
                .width(0.7)
        })
        .collect();
    let response = plot
        .x_grid_spacer(every_bar(counts.len()))
        .custom_x_axes(vec![bar_names(
            ui,
            "phase",
            ["new", "learning", "review", "relearning"]
                .map(String::from)
                .to_vec(),
        )])
        .show(ui, |p| p.bar_chart(chart("Cards", bars)))
        .response;
    name(&response, title);
}

fn stability_ui(ui: &mut Ui, s: &Series) {
    let title = "Memory stability";
    let most = s.stability.iter().map(|b| b.cards).max().unwrap_or(0);
    let plot = counts_plot(ui, title, 150.0, f64::from(most), "cards");
    // "90–365 d" over two lines, "90–365" and "days": as narrow as a bar in a small window.
    let labels: Vec<String> = s
        .stability
        .iter()
        .map(|b| {
            if b.label == "< 1 d" {
                "< 1\nday".to_owned()
            } else {
                b.label.replace(" d", "\ndays").replace(" y", "\nyear")
            }
        })
        .collect();
    let bars: Vec<Bar> = s
        .stability
        .iter()
        .zip(0..)
        .map(|(b, i)| {
            Bar::new(f64::from(i), f64::from(b.cards))
                .name(format!("{}: {} cards", b.label, b.cards))
                .width(0.7)
        })
        .collect();
    let response = plot
        .x_grid_spacer(every_bar(labels.len()))
        .custom_x_axes(vec![bar_names(ui, "remembered for (stability)", labels)])
        .show(ui, |p| {
            p.bar_chart(chart("Cards", bars).color(LEARNING));
        })
        .response;
    name(&response, title);
}

/// A percentage mark between 0 and 100, or nothing outside that range.
fn percent_mark(value: f64) -> String {
    if (0.0..=100.0).contains(&value) {
        format!("{value:.0}")
    } else {
        String::new()
    }
}

/// The label of the bar at `x`, if `x` is a bar's position (0, 1, 2, ...).
fn axis_label(x: f64, labels: &[String]) -> String {
    let nearest = x.round();
    if (x - nearest).abs() > 1e-6 || nearest < 0.0 {
        return String::new();
    }
    labels
        .iter()
        .zip(0..)
        .find(|&(_, i)| (f64::from(i) - nearest).abs() < 0.5)
        .map_or(String::new(), |(label, _)| label.clone())
}

fn mastery_ui(ui: &mut Ui, sets: &[SetStats], only: Option<&SetId>) {
    let title = "Mastery per set";
    let heading = ui.label(RichText::new(title).strong().size(16.0));
    let group = ui.group(|ui| {
        for set in sets.iter().filter(|s| only.is_none_or(|id| *id == s.id)) {
            ui.horizontal(|ui| {
                #[allow(clippy::cast_possible_truncation)] // A share between 0 and 1.
                let share = set.mastery as f32;
                ui.add(
                    egui::ProgressBar::new(share)
                        .desired_width(220.0)
                        .text(format!("{:.0}%", set.mastery * 100.0)),
                );
                ui.label(format!(
                    "{} ({} of {})",
                    set.title, set.mastered, set.questions
                ));
            });
        }
    });
    let _ = group.response.labelled_by(heading.id);
}

/// The study calendar: the last year as weeks of days, shaded by the number of answers; the
/// exact number shows on hover.
fn calendar_ui(ui: &mut Ui, s: &Series) {
    let title = "Study calendar";
    ui.label(RichText::new(title).strong().size(16.0));
    if s.calendar.iter().all(|d| d.reviews == 0) {
        ui.label(theme::quiet(
            ui,
            "No reviews yet: each day you study shows here, shaded by how much.",
        ));
        ui.add_space(8.0);
        return;
    }
    let cell = 11.0;
    let gap = 2.0;
    // Room for the weekday names on the left and the month names on top.
    let (left, top) = (30.0, 16.0);
    let weeks = s.calendar.len().div_ceil(7);
    #[allow(clippy::cast_precision_loss)] // 53 weeks.
    let size = egui::vec2(left + weeks as f32 * (cell + gap), top + 7.0 * (cell + gap));
    // A year of weeks is wider than a small window: the calendar scrolls sideways alone,
    // without widening the plots under it.
    egui::ScrollArea::horizontal()
        .id_salt("calendar")
        .stick_to_right(true)
        .show(ui, |ui| {
            calendar_grid(ui, s, size, (left, top), (cell, gap), title);
        });
    ui.label(theme::quiet(
        ui,
        format!(
            "Current streak {} · longest {}",
            plural(s.current_streak, "day"),
            plural(s.longest_streak, "day")
        ),
    ));
    ui.add_space(8.0);
}

/// The calendar's days, drawn in `size` with room `margins` for the names of the weekdays
/// and months.
fn calendar_grid(
    ui: &mut Ui,
    s: &Series,
    size: egui::Vec2,
    (left, top): (f32, f32),
    (cell, gap): (f32, f32),
    title: &str,
) {
    let (grid_rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let rect = egui::Rect::from_min_max(grid_rect.min + egui::vec2(left, top), grid_rect.max);
    // A month's name may reach past the last column.
    let whole_rect = grid_rect.expand2(egui::vec2(24.0, 0.0));
    response.widget_info(|| WidgetInfo::labeled(Role::Image, true, format!("{title} chart")));
    let busiest = s
        .calendar
        .iter()
        .map(|d| d.reviews)
        .max()
        .unwrap_or(0)
        .max(1);
    let dark = ui.visuals().dark_mode;
    let empty = if dark {
        Color32::from_gray(50)
    } else {
        Color32::from_gray(225)
    };
    let painter = ui.painter_at(whole_rect);
    let font = egui::FontId::proportional(10.0);
    let label_color = ui.visuals().weak_text_color();
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")] {
        #[allow(clippy::cast_precision_loss)]
        let y = rect.min.y + row as f32 * (cell + gap) + cell / 2.0;
        painter.text(
            egui::pos2(grid_rect.min.x, y),
            egui::Align2::LEFT_CENTER,
            name,
            font.clone(),
            label_color,
        );
    }
    let hover = response.hover_pos();
    let mut hovered = None;
    // The last day sits in the last column, at its weekday's row.
    let last_weekday = s.calendar.last().map_or(6, |d| {
        chrono::Datelike::weekday(&d.date).num_days_from_monday() as usize
    });
    let offset = 6 - last_weekday;
    for (i, day) in s.calendar.iter().enumerate() {
        let slot = i + offset;
        let (column, row) = (slot / 7, slot % 7);
        #[allow(clippy::cast_precision_loss)]
        let min = rect.min + egui::vec2(column as f32 * (cell + gap), row as f32 * (cell + gap));
        let cell_rect = egui::Rect::from_min_size(min, egui::vec2(cell, cell));
        let color = if day.reviews == 0 {
            empty
        } else {
            let share = f32::from(u16::try_from(day.reviews.min(busiest)).unwrap_or(u16::MAX))
                / f32::from(u16::try_from(busiest).unwrap_or(u16::MAX));
            REVIEW.gamma_multiply(0.3 + 0.7 * share)
        };
        painter.rect_filled(cell_rect, 2.0, color);
        // A month's name above the column of its first day.
        let first_column = i == 0 && chrono::Datelike::day(&day.date) <= 17;
        if chrono::Datelike::day(&day.date) == 1 || first_column {
            painter.text(
                egui::pos2(min.x, whole_rect.min.y),
                egui::Align2::LEFT_TOP,
                day.date.format("%b").to_string(),
                font.clone(),
                label_color,
            );
        }
        if hover.is_some_and(|p| cell_rect.contains(p)) {
            hovered = Some(day);
        }
    }
    if let Some(day) = hovered {
        response.on_hover_text(format!(
            "{}: {} answer{}",
            day.date.format("%A %-d %B %Y"),
            day.reviews,
            if day.reviews == 1 { "" } else { "s" }
        ));
    }
}
