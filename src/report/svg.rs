//! Inline SVG charts for the HTML report: a line chart (frankness over time),
//! stacked bars (findings per category over time) and horizontal bars (the
//! most frequent rules).
//!
//! Every chart is one `<svg role="img">` whose `<title>` and `<desc>` name it
//! for screen readers, drawn with presentation attributes only: no CSS
//! classes, no scripts, no fonts or images to fetch, so the page works offline
//! and pasted anywhere. Width comes from the `viewBox` (720 px wide) and
//! `width="100%"`, so the chart scales with its container.
//!
//! # Why not plotters
//!
//! plotters' SVG backend measures text with a font stack (font-kit or
//! ab_glyph over system fonts), so its layout depends on the machine that
//! renders the report; it cannot emit `<title>`, `<desc>` or ARIA attributes;
//! and its output is not meant to be byte-stable. We need three chart types,
//! the same bytes for the same input (the report is diffed and tested), and
//! accessibility, so we write the SVG ourselves. Text width is estimated from
//! character counts, generously, which is enough to keep labels apart.
//!
//! Parts carry `data-part` attributes (`point`, `trend`, `stack`, `bar`,
//! `legend`, `x-labels`, `counts`) so tests can find them; nothing styles
//! them, and the page needs no CSS for the charts.
//!
//! # Telling categories apart
//!
//! Colour is never the only cue. Every palette colour has at least 3:1
//! contrast against white (WCAG 2.1, non-text contrast); each stacked segment
//! also has its own fill pattern (hatching, dots, …), each line its own dash
//! pattern and point marker, and the legend shows the same swatch or sample
//! next to the name. [`swatch`] draws a segment's swatch for use elsewhere in
//! the page, e.g. in a table.

use std::borrow::Cow;

use super::escape;

/// One line of a line chart.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// The line's name, in the legend and in every point's tooltip.
    pub name: &'a str,
    /// (x index into the chart's x labels, value) in order; gaps allowed.
    /// The line is broken where an index is skipped; points with an index
    /// past the last label or a non-finite value are left out.
    pub points: Vec<(usize, f64)>,
    /// An optional straight trend line from (x0, y0) to (x1, y1) in data
    /// units (x as fractional index), drawn dashed and clipped to the first
    /// and last label.
    pub trend: Option<((f64, f64), (f64, f64))>,
}

/// A line chart: one band per x label, a y axis, lines with point markers.
#[derive(Debug, Clone, Copy)]
pub struct LineChart<'a> {
    /// Unique prefix for element ids in the page (ASCII `[a-z0-9-]`; other
    /// characters become `-`, upper case becomes lower case).
    pub id: &'a str,
    /// The accessible name: `<title id="{id}-title">`. Not drawn; the page
    /// gives the chart a visible heading.
    pub title: &'a str,
    /// The accessible description: `<desc id="{id}-desc">`.
    pub description: &'a str,
    /// Bucket labels, e.g. "2024-03".
    pub x_labels: &'a [String],
    /// The y axis' label, e.g. "frankness (0–100)".
    pub y_label: &'a str,
    /// The y range shown at least, e.g. (0.0, 100.0); widened to values
    /// outside it, rounded out to nice ticks.
    pub y_range: (f64, f64),
    /// The lines, drawn in order.
    pub lines: &'a [Line<'a>],
    /// Documents per x label, printed under each shown x label ("n=12") and
    /// in each point's tooltip so the reader sees how much each point rests
    /// on; may be empty.
    pub counts: &'a [u64],
}

/// Stacked vertical bars: one bar per x label, one segment per category.
#[derive(Debug, Clone, Copy)]
pub struct StackedBars<'a> {
    /// Unique prefix for element ids, as in [`LineChart::id`]; the segment
    /// patterns are `{id}-p0`, `{id}-p1`, ….
    pub id: &'a str,
    /// The accessible name, as in [`LineChart::title`].
    pub title: &'a str,
    /// The accessible description, as in [`LineChart::description`].
    pub description: &'a str,
    /// Bucket labels, e.g. "2024-03".
    pub x_labels: &'a [String],
    /// The y axis' label, e.g. "findings per 1,000 words".
    pub y_label: &'a str,
    /// Segment (category) names in stacking order, bottom first; at most 8
    /// are told apart by colour and pattern together (more reuse colours in
    /// new colour–pattern pairs).
    pub segments: &'a [&'a str],
    /// `values[x][segment]`, >= 0; missing, negative and non-finite values
    /// count as 0.
    pub values: &'a [Vec<f64>],
}

/// One horizontal bar.
#[derive(Debug, Clone, Copy)]
pub struct Bar<'a> {
    /// The label left of the bar.
    pub label: &'a str,
    /// The bar's length; printed at its end. Negative values are drawn as
    /// empty bars, non-finite ones are left out.
    pub value: f64,
    /// A link within the page, e.g. "#rule-en.buzzword.synergy"; the label
    /// becomes an `<a href>`. Only fragment links (starting with `#`) are
    /// emitted: the report is one self-contained page, and anything else
    /// (`javascript:`, remote URLs) is drawn as plain text.
    pub href: Option<&'a str>,
}

/// Horizontal bars: label left, value printed at the bar's end.
#[derive(Debug, Clone, Copy)]
pub struct BarChart<'a> {
    /// Unique prefix for element ids, as in [`LineChart::id`].
    pub id: &'a str,
    /// The accessible name, as in [`LineChart::title`].
    pub title: &'a str,
    /// The accessible description, as in [`LineChart::description`].
    pub description: &'a str,
    /// What the values count, e.g. "findings"; the x axis' label.
    pub value_label: &'a str,
    /// The bars, top to bottom.
    pub bars: &'a [Bar<'a>],
}

/// The viewBox width of every chart, in px.
const WIDTH: f64 = 720.0;
/// Space between the viewBox edge and anything drawn.
const PAD: f64 = 12.0;
/// Legend, axis titles and bar labels.
const FONT: f64 = 12.0;
/// Tick numbers and x labels.
const SMALL: f64 = 11.0;
/// The "n=12" line under the x labels.
const TINY: f64 = 10.0;
/// Height of the plot area of the line chart and the stacked bars.
const PLOT_H: f64 = 240.0;
/// Minimum space between two shown x labels.
const LABEL_GAP: f64 = 6.0;
/// X labels longer than this are cut (the full text is the tooltip).
const X_LABEL_MAX: f64 = 110.0;
/// Legend texts longer than this are cut.
const LEGEND_TEXT_MAX: f64 = 260.0;
/// Bar labels longer than this are cut.
const BAR_LABEL_MAX: f64 = 220.0;
/// Height of one legend row.
const LEGEND_ROW: f64 = 20.0;
/// Height of one row of the bar chart.
const BAR_ROW: f64 = 24.0;
/// Values beyond this magnitude are treated like non-finite ones: they would
/// only ever come from a bug, and they keep every coordinate finite.
const MAX_ABS: f64 = 1e12;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// Text (15.9:1 on white).
const INK: &str = "#222222";
/// Ticks, axes, counts (7.5:1).
const MUTED: &str = "#555555";
/// Grid lines: decorative, deliberately faint.
const GRID: &str = "#e3e3e3";
/// Link text (7.2:1).
const LINK: &str = "#0b57a4";

/// Okabe–Ito (colour-blind safe), in the order that keeps neighbours most
/// distinct; reddish purple, orange, sky blue and yellow darkened (same hue)
/// and black replaced by dark grey so every colour has ≥ 3.3:1 on white.
const PALETTE: [&str; 8] = [
    "#0072b2", "#d55e00", "#009e73", "#c474a0", "#bd8200", "#4795c1", "#97902a", "#444444",
];

/// Dash patterns of the lines; the trend line's [`TREND_DASH`] is thinner
/// and differs from all of them.
const DASHES: [&str; 8] = [
    "none",
    "10 4",
    "2 3",
    "10 3 2 3",
    "16 4",
    "2 6",
    "10 3 2 3 2 3",
    "6 2",
];
const TREND_DASH: &str = "6 4";

/// The colour and the variant (pattern, marker, dash) of category `i`.
///
/// The first 8 categories pair colour i with variant i; later ones shift the
/// variant so that the first 64 are all distinct pairs.
fn style(i: usize) -> (&'static str, usize) {
    (PALETTE[i % 8], (i + i / 8) % 8)
}

/// Renders a line chart.
pub fn line_chart(c: &LineChart) -> String {
    let id = clean_id(c.id);
    let n = c.x_labels.len();
    let series: Vec<Vec<(usize, f64)>> = c.lines.iter().map(|l| usable_points(l, n)).collect();
    if series.iter().all(Vec::is_empty) {
        return no_data(&id, c.title, c.description);
    }
    let trends: Vec<Option<Segment>> = c
        .lines
        .iter()
        .map(|l| l.trend.and_then(|t| clip_trend(t, n)))
        .collect();
    let range = [c.y_range.0, c.y_range.1]
        .into_iter()
        .filter(|v| usable(*v));
    let data = series.iter().flatten().map(|p| p.1);
    let trend_ys = trends.iter().flatten().flat_map(|t| [t.0.1, t.1.1]);
    let ticks = Ticks::over(range.chain(data).chain(trend_ys));
    let legend = Legend::new(line_legend(c.lines, &trends));
    let plot = Plot::new(n, &ticks, legend.rows, !c.counts.is_empty());
    let mut svg = Svg::begin(&id, c.title, c.description, plot.height);
    plot.axes(&mut svg, &ticks, c.y_label, c.x_labels, c.counts);
    let y = plot.y_scale(&ticks);
    let drawn = c.lines.iter().zip(&series).zip(&trends);
    for (i, ((line, points), trend)) in drawn.enumerate() {
        if let Some(t) = *trend {
            draw_trend(&mut svg, &plot, &y, i, t);
        }
        draw_line(&mut svg, &plot, &y, i, line.name, points);
        let name = (c.lines.len() > 1).then_some(line.name);
        let tip =
            |&(x, v): &(usize, f64)| point_tip(name, &c.x_labels[x], v, c.counts.get(x).copied());
        draw_markers(&mut svg, &plot, &y, i, points, tip);
    }
    legend.draw(&mut svg, &id);
    svg.finish()
}

/// Renders stacked vertical bars.
pub fn stacked_bars(c: &StackedBars) -> String {
    let id = clean_id(c.id);
    let n = c.x_labels.len();
    let value = |x: usize, s: usize| {
        let v = c.values.get(x).and_then(|row| row.get(s)).copied();
        v.filter(|v| usable(*v) && *v > 0.0).unwrap_or(0.0)
    };
    let totals: Vec<f64> = (0..n)
        .map(|x| (0..c.segments.len()).map(|s| value(x, s)).sum())
        .collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    if c.segments.is_empty() || max <= 0.0 {
        return no_data(&id, c.title, c.description);
    }
    let ticks = Ticks::over([0.0, max]);
    let items = c.segments.iter().enumerate();
    let legend = Legend::new(items.map(|(s, name)| (Key::Segment(s), name.to_string())));
    let plot = Plot::new(n, &ticks, legend.rows, false);
    let mut svg = Svg::begin(&id, c.title, c.description, plot.height);
    svg.open("defs", &[]);
    for s in 0..c.segments.len() {
        pattern(&mut svg, &id, s);
    }
    svg.close("defs");
    plot.axes(&mut svg, &ticks, c.y_label, c.x_labels, &[]);
    let y = plot.y_scale(&ticks);
    for (x, total) in totals.iter().enumerate() {
        let column: Vec<f64> = (0..c.segments.len()).map(|s| value(x, s)).collect();
        let label = &c.x_labels[x];
        let tip = |s: usize| stack_tip(label, c.segments[s], column[s], *total);
        draw_stack(&mut svg, &id, &plot, &y, x, &column, tip);
    }
    legend.draw(&mut svg, &id);
    svg.finish()
}

/// Renders horizontal bars.
pub fn bar_chart(c: &BarChart) -> String {
    let id = clean_id(c.id);
    let bars: Vec<&Bar> = c.bars.iter().filter(|b| usable(b.value)).collect();
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    if max <= 0.0 {
        return no_data(&id, c.title, c.description);
    }
    let ticks = Ticks::over([0.0, max]);
    let layout = BarLayout::new(&bars, &ticks);
    let mut svg = Svg::begin(&id, c.title, c.description, layout.height);
    layout.axis(&mut svg, &ticks, c.value_label);
    let x = layout.x_scale(&ticks);
    for (row, bar) in bars.iter().enumerate() {
        layout.bar(&mut svg, &x, row, bar, c.value_label);
    }
    svg.finish()
}

/// A tiny inline `<svg>` (14×14) showing segment `i`'s colour and pattern,
/// as in [`stacked_bars`]' legend: for legends elsewhere in the page, e.g. a
/// table's swatch column. It is `aria-hidden`; the name next to it is what
/// screen readers need. It defines no ids, so it may appear any number of
/// times in a page.
pub fn swatch(i: usize) -> String {
    let (colour, _) = style(i);
    let mut svg = Svg::default();
    svg.open(
        "svg",
        &[
            ("xmlns", SVG_NS),
            ("width", "14"),
            ("height", "14"),
            ("viewBox", "0 0 14 14"),
            ("aria-hidden", "true"),
        ],
    );
    // The pattern's 8×8 tile, repeated by hand: a <pattern> would need an id,
    // and ids must be unique in the page.
    for (dx, dy) in [(0, 0), (8, 0), (0, 8), (8, 8)] {
        svg.open("g", &[("transform", &format!("translate({dx} {dy})"))]);
        tile(&mut svg, i);
        svg.close("g");
    }
    svg.leaf(
        "rect",
        &[
            ("x", "0.5"),
            ("y", "0.5"),
            ("width", "13"),
            ("height", "13"),
            ("fill", "none"),
            ("stroke", colour),
        ],
    );
    svg.close("svg");
    svg.out
}

/// An SVG document under construction. Every attribute value and every text
/// goes through [`escape`], so no caller can forget to.
#[derive(Default)]
struct Svg {
    out: String,
}

impl Svg {
    /// Opens the chart's root element and writes its title and description.
    fn begin(id: &str, title: &str, description: &str, height: f64) -> Svg {
        let mut svg = Svg::default();
        svg.open(
            "svg",
            &[
                ("xmlns", SVG_NS),
                ("viewBox", &format!("0 0 {} {}", num(WIDTH), num(height))),
                ("width", "100%"),
                ("role", "img"),
                ("aria-labelledby", &format!("{id}-title {id}-desc")),
                ("font-family", "sans-serif"),
                ("font-size", &num(FONT)),
                ("fill", INK),
            ],
        );
        svg.text("title", &[("id", &format!("{id}-title"))], title);
        svg.text("desc", &[("id", &format!("{id}-desc"))], description);
        svg
    }

    /// Closes the root element.
    fn finish(mut self) -> String {
        self.close("svg");
        self.out
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }

    fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start(tag, attrs);
        self.out.push('>');
    }

    fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start(tag, attrs);
        self.out.push_str("/>");
    }

    fn close(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// `<tag …>text</tag>`.
    fn text(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(tag, attrs);
        self.out.push_str(&escape(text));
        self.close(tag);
    }

    /// A shape with a native tooltip: `<tag …><title>tip</title></tag>`.
    fn tipped(&mut self, tag: &str, attrs: &[(&str, &str)], tip: &str) {
        self.open(tag, attrs);
        self.text("title", &[], tip);
        self.close(tag);
    }

    /// A `<text>` cut to `max_w` px at font size `size`; when cut, the full
    /// text is its tooltip.
    fn label(&mut self, attrs: &[(&str, &str)], text: &str, max_w: f64, size: f64) {
        let font_size = num(size);
        let mut all = attrs.to_vec();
        all.push(("font-size", &font_size));
        self.open("text", &all);
        let shown = fit(text, max_w, size);
        if let Cow::Owned(_) = shown {
            self.text("title", &[], text);
        }
        self.out.push_str(&escape(&shown));
        self.close("text");
    }
}

/// The id prefix as `[a-z0-9-]+`, so it is safe in ids and `url(#…)`.
fn clean_id(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '-') => c,
            _ => '-',
        })
        .collect();
    if id.is_empty() { "chart".into() } else { id }
}

/// Whether a value can be drawn.
fn usable(v: f64) -> bool {
    v.is_finite() && v.abs() <= MAX_ABS
}

/// `v` rounded to `decimals`, without "-0".
fn fixed(v: f64, decimals: usize) -> String {
    let p = 10f64.powi(decimals as i32);
    // Adding 0.0 turns the -0.0 that rounding a small negative value gives
    // into 0.0, so "-0" never appears.
    let r = (v * p).round() / p + 0.0;
    format!("{r:.decimals$}")
}

/// `fixed` without trailing zeros: "12" rather than "12.0".
fn trimmed(v: f64, decimals: usize) -> String {
    let s = fixed(v, decimals);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A coordinate: one decimal (a tenth of a pixel at 720 px) is plenty.
fn num(v: f64) -> String {
    trimmed(v, 1)
}

/// A data value as readers see it: one decimal, two below 1 so that small
/// rates (0.04 per 1,000 words) do not print as 0.
fn value_text(v: f64) -> String {
    let decimals = if v.abs() >= 1.0 || v == 0.0 { 1 } else { 2 };
    trimmed(v, decimals)
}

/// Estimated advance of `c` in em: generous for Latin text in any
/// sans-serif, a full em for CJK and other wide scripts.
fn char_em(c: char) -> f64 {
    if c.is_ascii_uppercase() {
        0.7
    } else if (c as u32) < 0x2E80 {
        0.6
    } else {
        1.0
    }
}

/// Estimated width of `text` at font size `size`, in px.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// `text`, cut with "…" to at most `max_w` px at font size `size`.
fn fit(text: &str, max_w: f64, size: f64) -> Cow<'_, str> {
    if text_width(text, size) <= max_w {
        return Cow::Borrowed(text);
    }
    let mut width = char_em('…') * size;
    let mut cut = String::new();
    for c in text.chars() {
        width += char_em(c) * size;
        if width > max_w {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    Cow::Owned(cut)
}

/// Nice axis ticks: `count` values `first + k·step`, step 1, 2 or 5 × 10ⁿ.
#[derive(Debug, Clone, Copy)]
struct Ticks {
    first: f64,
    step: f64,
    count: usize,
}

impl Ticks {
    /// Ticks covering all `values` (at least one, all usable), about five
    /// intervals. A single value gets room around it, so the scale never
    /// divides by zero.
    fn over(values: impl IntoIterator<Item = f64>) -> Ticks {
        let (lo, hi) = values
            .into_iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let (lo, hi) = if hi - lo > 1e-9 * lo.abs().max(hi.abs()).max(1.0) {
            (lo, hi)
        } else {
            let pad = (lo.abs() * 0.1).max(1.0);
            (lo - pad, hi + pad)
        };
        let step = nice_step((hi - lo) / 5.0);
        let first = (lo / step).floor();
        let last = (hi / step).ceil().max(first + 1.0);
        Ticks {
            first: first * step,
            step,
            count: (last - first) as usize + 1,
        }
    }

    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        (0..self.count).map(|k| self.first + k as f64 * self.step)
    }

    fn last(&self) -> f64 {
        self.first + (self.count - 1) as f64 * self.step
    }

    /// A tick's label, with as many decimals as the step needs.
    fn text(&self, v: f64) -> String {
        let decimals = if self.step >= 1.0 {
            0
        } else {
            (-self.step.log10()).ceil() as usize
        };
        fixed(v, decimals)
    }
}

/// The step of 1, 2 or 5 × 10ⁿ nearest to `raw` (on a log scale, as d3's
/// ticks do), so an axis has some 4 to 8 intervals rather than wasting up
/// to half its height above the data, as always rounding up would.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let nice = if norm >= 50f64.sqrt() {
        10.0
    } else if norm >= 10f64.sqrt() {
        5.0
    } else if norm >= 2f64.sqrt() {
        2.0
    } else {
        1.0
    };
    nice * magnitude
}

/// A linear map from data values to pixels.
#[derive(Debug, Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    fn at(&self, v: f64) -> f64 {
        self.p0 + (v - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)
    }
}

/// Rounds a pixel position to what [`num`] prints, so that adjacent shapes
/// computed from rounded positions tile exactly.
fn px(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The plot area of a chart with one band per x label (line chart, stacked
/// bars), with the legend above and the x labels below.
#[derive(Debug, Clone, Copy)]
struct Plot {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    /// Number of x labels (bands).
    n: usize,
    /// Height of the whole chart.
    height: f64,
}

impl Plot {
    fn new(n: usize, ticks: &Ticks, legend_rows: usize, counts: bool) -> Plot {
        let legend = if legend_rows > 0 {
            legend_rows as f64 * LEGEND_ROW + 4.0
        } else {
            0.0
        };
        let tick_w = ticks
            .values()
            .map(|t| text_width(&ticks.text(t), SMALL))
            .fold(0.0, f64::max);
        let top = PAD + legend + SMALL / 2.0;
        let bottom = top + PLOT_H;
        let under = 8.0 + SMALL + if counts { 3.0 + TINY } else { 0.0 };
        Plot {
            // Room for the rotated y label, then the tick numbers.
            left: (PAD + FONT + 8.0 + tick_w + 6.0).round(),
            top,
            right: WIDTH - PAD,
            bottom,
            n,
            height: (bottom + under + PAD).round(),
        }
    }

    fn band(&self) -> f64 {
        (self.right - self.left) / self.n as f64
    }

    /// The centre of band `i` (fractional for trend lines).
    fn x(&self, i: f64) -> f64 {
        self.left + (i + 0.5) * self.band()
    }

    fn y_scale(&self, ticks: &Ticks) -> Scale {
        Scale {
            d0: ticks.first,
            d1: ticks.last(),
            p0: self.bottom,
            p1: self.top,
        }
    }

    /// Grid lines, tick numbers, axis lines, the y label and the x labels.
    fn axes(&self, svg: &mut Svg, ticks: &Ticks, y_label: &str, labels: &[String], counts: &[u64]) {
        let y = self.y_scale(ticks);
        let (left, right) = (num(self.left), num(self.right));
        let tick_x = num(self.left - 6.0);
        svg.open("g", &[("fill", MUTED), ("text-anchor", "end")]);
        for t in ticks.values() {
            let py = num(y.at(t));
            let rule = [
                ("x1", left.as_str()),
                ("x2", &right),
                ("y1", &py),
                ("y2", &py),
            ];
            svg.leaf("line", &[&rule[..], &[("stroke", GRID)]].concat());
            let ty = num(y.at(t) + SMALL * 0.35);
            svg.label(
                &[("x", &tick_x), ("y", &ty)],
                &ticks.text(t),
                f64::INFINITY,
                SMALL,
            );
        }
        svg.close("g");
        let axis = format!(
            "M{},{} V{} H{}",
            num(self.left),
            num(self.top),
            num(self.bottom),
            num(self.right)
        );
        svg.leaf("path", &[("d", &axis), ("fill", "none"), ("stroke", MUTED)]);
        let (cx, cy) = (num(PAD + FONT * 0.8), num((self.top + self.bottom) / 2.0));
        let rotate = format!("rotate(-90 {cx} {cy})");
        let attrs = [
            ("x", cx.as_str()),
            ("y", &cy),
            ("transform", &rotate),
            ("text-anchor", "middle"),
        ];
        svg.label(&attrs, y_label, PLOT_H, FONT);
        self.x_labels(svg, labels, counts);
    }

    /// The shown x labels and, under them, the document counts.
    fn x_labels(&self, svg: &mut Svg, labels: &[String], counts: &[u64]) {
        let ticks = x_ticks(self, labels, counts);
        let label_y = num(self.bottom + 6.0 + SMALL * 0.8);
        svg.open(
            "g",
            &[
                ("fill", MUTED),
                ("text-anchor", "middle"),
                ("data-part", "x-labels"),
            ],
        );
        for tick in &ticks {
            let x = num(tick.x);
            svg.label(
                &[("x", &x), ("y", &label_y)],
                &labels[tick.index],
                X_LABEL_MAX,
                SMALL,
            );
        }
        svg.close("g");
        if counts.is_empty() {
            return;
        }
        let count_y = num(self.bottom + 6.0 + SMALL + 3.0 + TINY * 0.8);
        svg.open(
            "g",
            &[
                ("fill", MUTED),
                ("text-anchor", "middle"),
                ("data-part", "counts"),
            ],
        );
        for tick in &ticks {
            if let Some(n) = counts.get(tick.index) {
                let x = num(tick.x);
                svg.label(
                    &[("x", &x), ("y", &count_y)],
                    &format!("n={n}"),
                    X_LABEL_MAX,
                    TINY,
                );
            }
        }
        svg.close("g");
    }
}

/// A shown x label: its index and the centre of its text.
#[derive(Debug, Clone, Copy)]
struct XTick {
    index: usize,
    x: f64,
}

/// The x labels to show: every k-th, for the smallest k at which no two
/// shown labels (or the counts under them) overlap; the first and the last
/// are always shown.
fn x_ticks(plot: &Plot, labels: &[String], counts: &[u64]) -> Vec<XTick> {
    let width = |i: usize| {
        let label = text_width(&fit(&labels[i], X_LABEL_MAX, SMALL), SMALL);
        let count = counts
            .get(i)
            .map_or(0.0, |n| text_width(&format!("n={n}"), TINY));
        label.max(count)
    };
    let widths: Vec<f64> = (0..labels.len()).map(width).collect();
    // The first and last label may stick out of their band; keep them inside
    // the viewBox.
    let centre = |i: usize| {
        let half = widths[i] / 2.0;
        plot.x(i as f64).min(WIDTH - half - 2.0).max(half + 2.0)
    };
    let apart =
        |a: usize, b: usize| centre(b) - centre(a) >= (widths[a] + widths[b]) / 2.0 + LABEL_GAP;
    let n = labels.len();
    let shown = (1..n)
        .map(|k| stride(n, k))
        .find(|shown| shown.windows(2).all(|w| apart(w[0], w[1])))
        .unwrap_or_else(|| stride(n, n));
    shown
        .into_iter()
        .map(|index| XTick {
            index,
            x: centre(index),
        })
        .collect()
}

/// Indices 0, k, 2k, … and the last of `n`, without the multiples closer
/// than k to the last (so every gap is at least k).
fn stride(n: usize, k: usize) -> Vec<usize> {
    let Some(last) = n.checked_sub(1) else {
        return Vec::new();
    };
    (0..last)
        .step_by(k)
        .filter(|&i| i == 0 || last - i >= k)
        .chain([last])
        .collect()
}

/// What a legend entry shows before its name.
#[derive(Debug, Clone, Copy)]
enum Key {
    /// Line i's stroke and marker.
    Line(usize),
    /// Line i's trend stroke.
    Trend(usize),
    /// Segment i's pattern.
    Segment(usize),
}

impl Key {
    fn width(self) -> f64 {
        match self {
            Key::Line(_) | Key::Trend(_) => 28.0,
            Key::Segment(_) => 14.0,
        }
    }

    /// Draws the key with its left edge at `x`, centred on `y`.
    fn draw(self, svg: &mut Svg, id: &str, x: f64, y: f64) {
        let (x1, x2, cy) = (num(x), num(x + self.width()), num(y));
        let ends = [("x1", x1.as_str()), ("x2", &x2), ("y1", &cy), ("y2", &cy)];
        match self {
            Key::Line(i) => {
                let (colour, variant) = style(i);
                svg.leaf("line", &[&ends[..], &line_stroke(colour, variant)].concat());
                marker(svg, variant, colour, (x + 14.0, y), 4.0, None);
            }
            Key::Trend(i) => svg.leaf("line", &[&ends[..], &trend_stroke(style(i).0)].concat()),
            Key::Segment(i) => {
                let fill = format!("url(#{id}-p{i})");
                let (top, colour) = (num(y - 7.0), style(i).0);
                let size = [("width", "14"), ("height", "14")];
                let paint = [
                    ("x", x1.as_str()),
                    ("y", &top),
                    ("fill", &fill),
                    ("stroke", colour),
                ];
                svg.leaf("rect", &[&size[..], &paint].concat());
            }
        }
    }
}

/// Legend entries flowing left to right in rows above the plot.
struct Legend {
    /// (key, name, left edge, row).
    items: Vec<(Key, String, f64, usize)>,
    rows: usize,
}

impl Legend {
    fn new(entries: impl IntoIterator<Item = (Key, String)>) -> Legend {
        let mut items = Vec::new();
        let (mut x, mut row) = (PAD, 0);
        for (key, name) in entries {
            let w = key.width() + 6.0 + text_width(&fit(&name, LEGEND_TEXT_MAX, FONT), FONT);
            if x > PAD && x + w > WIDTH - PAD {
                (x, row) = (PAD, row + 1);
            }
            items.push((key, name, x, row));
            x += w + 18.0;
        }
        let rows = if items.is_empty() { 0 } else { row + 1 };
        Legend { items, rows }
    }

    fn draw(&self, svg: &mut Svg, id: &str) {
        if self.items.is_empty() {
            return;
        }
        svg.open("g", &[("data-part", "legend")]);
        for (key, name, x, row) in &self.items {
            let y = PAD + LEGEND_ROW / 2.0 + *row as f64 * LEGEND_ROW;
            key.draw(svg, id, *x, y);
            let (tx, ty) = (num(x + key.width() + 6.0), num(y + FONT * 0.35));
            svg.label(&[("x", &tx), ("y", &ty)], name, LEGEND_TEXT_MAX, FONT);
        }
        svg.close("g");
    }
}

/// The legend of a line chart: needed when there is more than one line or
/// any trend.
fn line_legend(lines: &[Line], trends: &[Option<Segment>]) -> Vec<(Key, String)> {
    if lines.len() < 2 && trends.iter().all(Option::is_none) {
        return Vec::new();
    }
    let mut items = Vec::new();
    for (i, (line, trend)) in lines.iter().zip(trends).enumerate() {
        items.push((Key::Line(i), line.name.to_string()));
        if trend.is_some() {
            let name = if lines.len() == 1 {
                "trend".to_string()
            } else {
                format!("{} trend", line.name)
            };
            items.push((Key::Trend(i), name));
        }
    }
    items
}

/// A line's points that can be drawn: index within the labels, usable value.
fn usable_points(line: &Line, n: usize) -> Vec<(usize, f64)> {
    let ok = |&(x, v): &(usize, f64)| x < n && usable(v);
    line.points.iter().copied().filter(ok).collect()
}

/// A straight line in data units: ((x0, y0), (x1, y1)).
type Segment = ((f64, f64), (f64, f64));

/// The trend cut to the first and last label, or `None` when there is
/// nothing to draw (non-finite ends, vertical, or fewer than two labels).
fn clip_trend(((x0, y0), (x1, y1)): Segment, n: usize) -> Option<Segment> {
    if ![x0, y0, x1, y1].into_iter().all(usable) || (x1 - x0).abs() < 1e-9 {
        return None;
    }
    let at = |x: f64| y0 + (x - x0) * (y1 - y0) / (x1 - x0);
    let lo = x0.min(x1).max(0.0);
    let hi = x0.max(x1).min(n.saturating_sub(1) as f64);
    let clipped = ((lo, at(lo)), (hi, at(hi)));
    (hi > lo && usable(clipped.0.1) && usable(clipped.1.1)).then_some(clipped)
}

/// Stroke attributes of line i's variant.
fn line_stroke(colour: &'static str, variant: usize) -> [(&'static str, &'static str); 4] {
    [
        ("stroke", colour),
        ("stroke-width", "2.5"),
        ("stroke-dasharray", DASHES[variant]),
        ("fill", "none"),
    ]
}

/// Stroke attributes of a trend line: thinner than any data line.
fn trend_stroke(colour: &'static str) -> [(&'static str, &'static str); 3] {
    [
        ("stroke", colour),
        ("stroke-width", "1.5"),
        ("stroke-dasharray", TREND_DASH),
    ]
}

/// Draws line i, broken where an x index is skipped.
fn draw_line(svg: &mut Svg, plot: &Plot, y: &Scale, i: usize, name: &str, points: &[(usize, f64)]) {
    let mut d = String::new();
    let mut previous: Option<usize> = None;
    for &(x, v) in points {
        let joined = previous.is_some_and(|p| p + 1 == x);
        d.push_str(if joined { " L" } else { " M" });
        d.push_str(&num(plot.x(x as f64)));
        d.push(',');
        d.push_str(&num(y.at(v)));
        previous = Some(x);
    }
    let (colour, variant) = style(i);
    let round = [("d", d.trim_start()), ("stroke-linejoin", "round")];
    svg.tipped(
        "path",
        &[&round[..], &line_stroke(colour, variant)].concat(),
        name,
    );
}

/// Draws line i's trend, dashed.
fn draw_trend(svg: &mut Svg, plot: &Plot, y: &Scale, i: usize, ((x0, y0), (x1, y1)): Segment) {
    let (a, b) = (num(plot.x(x0)), num(plot.x(x1)));
    let (ya, yb) = (num(y.at(y0)), num(y.at(y1)));
    let ends = [
        ("x1", a.as_str()),
        ("y1", &ya),
        ("x2", &b),
        ("y2", &yb),
        ("data-part", "trend"),
    ];
    let tip = format!("trend: {} → {}", value_text(y0), value_text(y1));
    svg.tipped(
        "line",
        &[&ends[..], &trend_stroke(style(i).0)].concat(),
        &tip,
    );
}

/// Draws line i's point markers, each with its tooltip.
fn draw_markers(
    svg: &mut Svg,
    plot: &Plot,
    y: &Scale,
    i: usize,
    points: &[(usize, f64)],
    tip: impl Fn(&(usize, f64)) -> String,
) {
    let (colour, variant) = style(i);
    // Markers shrink when the bands get narrow, so neighbours stay apart.
    let r = (plot.band() * 0.4).clamp(2.5, 4.5);
    for p in points {
        let at = (plot.x(p.0 as f64), y.at(p.1));
        marker(svg, variant, colour, at, r, Some(&tip(p)));
    }
}

/// A point's tooltip, e.g. "2024-03: 72.4 (n=12)"; prefixed with the line's
/// name when the chart has several.
fn point_tip(name: Option<&str>, label: &str, v: f64, count: Option<u64>) -> String {
    let value = value_text(v);
    let tip = match count {
        Some(n) => format!("{label}: {value} (n={n})"),
        None => format!("{label}: {value}"),
    };
    match name {
        Some(name) => format!("{name}, {tip}"),
        None => tip,
    }
}

/// Outline of a marker of radius `r`, relative to its centre; circles are
/// drawn as `<circle>`.
const PLUS: [(f64, f64); 12] = [
    (-0.4, -1.15),
    (0.4, -1.15),
    (0.4, -0.4),
    (1.15, -0.4),
    (1.15, 0.4),
    (0.4, 0.4),
    (0.4, 1.15),
    (-0.4, 1.15),
    (-0.4, 0.4),
    (-1.15, 0.4),
    (-1.15, -0.4),
    (-0.4, -0.4),
];

/// The path of marker `variant` (1 square, 2 triangle, 3 diamond, 4 inverted
/// triangle, 5 plus, 6 cross) at `(x, y)`; `None` for the circles (0 filled,
/// 7 ring).
fn marker_path(variant: usize, (x, y): (f64, f64), r: f64) -> Option<String> {
    let outline: &[(f64, f64)] = match variant {
        1 => &[(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
        2 => &[(0.0, -1.15), (1.05, 0.75), (-1.05, 0.75)],
        3 => &[(0.0, -1.25), (1.0, 0.0), (0.0, 1.25), (-1.0, 0.0)],
        4 => &[(0.0, 1.15), (1.05, -0.75), (-1.05, -0.75)],
        5 | 6 => &PLUS,
        _ => return None,
    };
    let angle = if variant == 6 {
        std::f64::consts::FRAC_PI_4
    } else {
        0.0
    };
    let (sin, cos) = angle.sin_cos();
    let corner = |&(u, v): &(f64, f64)| {
        let (dx, dy) = (u * cos - v * sin, u * sin + v * cos);
        format!("{},{}", num(x + r * dx), num(y + r * dy))
    };
    let corners: Vec<String> = outline.iter().map(corner).collect();
    Some(format!("M{} Z", corners.join(" L")))
}

/// Draws a marker; with a tooltip it is a data point (`data-part="point"`),
/// without one a legend sample.
fn marker(svg: &mut Svg, variant: usize, colour: &str, at: (f64, f64), r: f64, tip: Option<&str>) {
    // A white outline keeps overlapping markers apart; the ring is the one
    // hollow marker.
    let (fill, stroke, width) = if variant == 7 {
        ("#ffffff", colour, "2")
    } else {
        (colour, "#ffffff", "1")
    };
    let mut attrs = vec![("fill", fill), ("stroke", stroke), ("stroke-width", width)];
    let path = marker_path(variant, at, r);
    let (cx, cy, radius) = (num(at.0), num(at.1), num(r));
    let tag = match &path {
        Some(d) => {
            attrs.push(("d", d));
            "path"
        }
        None => {
            attrs.extend([("cx", cx.as_str()), ("cy", &cy), ("r", &radius)]);
            "circle"
        }
    };
    match tip {
        Some(tip) => {
            attrs.push(("data-part", "point"));
            svg.tipped(tag, &attrs, tip);
        }
        None => svg.leaf(tag, &attrs),
    }
}

/// White marks on each segment's colour, one 8×8 tile, by variant: solid,
/// diagonal, dots, horizontal, cross-hatch, vertical, back-diagonal, grid.
/// Diagonals run past the tile's corners so the tiles join seamlessly.
const MARKS: [(&str, &str); 8] = [
    ("", "0"),
    ("M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6", "1.5"),
    ("M2,2 h0 M6,6 h0", "2.6"),
    ("M0,4 H8", "1.6"),
    (
        "M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6 M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2",
        "1.2",
    ),
    ("M4,0 V8", "1.6"),
    ("M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2", "1.5"),
    ("M0,4 H8 M4,0 V8", "1.2"),
];

/// The 8×8 tile of segment i's pattern.
fn tile(svg: &mut Svg, i: usize) {
    let (colour, variant) = style(i);
    svg.leaf("rect", &[("width", "8"), ("height", "8"), ("fill", colour)]);
    let (d, width) = MARKS[variant];
    if d.is_empty() {
        return;
    }
    // Round caps turn the zero-length strokes of the dot pattern into dots.
    let stroke = [
        ("stroke", "#ffffff"),
        ("stroke-width", width),
        ("stroke-linecap", "round"),
    ];
    svg.leaf(
        "path",
        &[&[("d", d), ("fill", "none")][..], &stroke].concat(),
    );
}

/// Segment i's `<pattern>`, id `{id}-p{i}`.
fn pattern(svg: &mut Svg, id: &str, i: usize) {
    let pid = format!("{id}-p{i}");
    let size = [("width", "8"), ("height", "8")];
    let attrs = [("id", pid.as_str()), ("patternUnits", "userSpaceOnUse")];
    svg.open("pattern", &[&attrs[..], &size].concat());
    tile(svg, i);
    svg.close("pattern");
}

/// Draws column x of the stacked bars, segment 0 at the bottom. Segment edges
/// are rounded positions, so the heights add up to the column's exactly.
fn draw_stack(
    svg: &mut Svg,
    id: &str,
    plot: &Plot,
    y: &Scale,
    x: usize,
    column: &[f64],
    tip: impl Fn(usize) -> String,
) {
    let width = px(plot.band() * 0.7);
    let left = num(plot.x(x as f64) - width / 2.0);
    let width = num(width);
    let mut base = 0.0;
    svg.open("g", &[("data-part", "stack")]);
    for (s, &v) in column.iter().enumerate().filter(|(_, v)| **v > 0.0) {
        let (bottom, top) = (px(y.at(base)), px(y.at(base + v)));
        base += v;
        let (fill, colour) = (format!("url(#{id}-p{s})"), style(s).0);
        let (ty, height, segment) = (num(top), num(bottom - top), s.to_string());
        let place = [
            ("x", left.as_str()),
            ("y", &ty),
            ("width", &width),
            ("height", &height),
        ];
        let paint = [
            ("fill", fill.as_str()),
            ("stroke", colour),
            ("data-segment", &segment),
        ];
        svg.tipped("rect", &[&place[..], &paint].concat(), &tip(s));
    }
    svg.close("g");
}

/// A segment's tooltip, e.g. "2024-03, buzzword: 3.2 of 7.5".
fn stack_tip(label: &str, segment: &str, v: f64, total: f64) -> String {
    format!(
        "{label}, {segment}: {} of {}",
        value_text(v),
        value_text(total)
    )
}

/// Where the horizontal bars go.
#[derive(Debug, Clone, Copy)]
struct BarLayout {
    /// Where bars start; labels end 8 px before.
    left: f64,
    /// Where the longest possible bar ends; its value is printed after.
    right: f64,
    top: f64,
    bottom: f64,
    height: f64,
}

impl BarLayout {
    fn new(bars: &[&Bar], ticks: &Ticks) -> BarLayout {
        let widest = |w: f64, b: &&Bar| w.max(text_width(&fit(b.label, BAR_LABEL_MAX, FONT), FONT));
        let label_w = bars.iter().fold(0.0, widest);
        let value_w = bars
            .iter()
            .map(|b| text_width(&value_text(b.value), FONT))
            .chain([text_width(&ticks.text(ticks.last()), SMALL) / 2.0])
            .fold(0.0, f64::max);
        let bottom = PAD + bars.len() as f64 * BAR_ROW;
        BarLayout {
            left: (PAD + label_w + 8.0).round(),
            right: (WIDTH - PAD - value_w - 6.0).round(),
            top: PAD,
            bottom,
            height: (bottom + 8.0 + SMALL + 8.0 + FONT + PAD).round(),
        }
    }

    fn x_scale(&self, ticks: &Ticks) -> Scale {
        Scale {
            d0: 0.0,
            d1: ticks.last(),
            p0: self.left,
            p1: self.right,
        }
    }

    /// Grid lines, tick numbers, the zero line and the value label.
    fn axis(&self, svg: &mut Svg, ticks: &Ticks, value_label: &str) {
        let x = self.x_scale(ticks);
        let (top, bottom) = (num(self.top), num(self.bottom));
        let tick_y = num(self.bottom + 6.0 + SMALL * 0.8);
        svg.open("g", &[("fill", MUTED), ("text-anchor", "middle")]);
        for t in ticks.values() {
            let px = num(x.at(t));
            let rule = [
                ("x1", px.as_str()),
                ("x2", &px),
                ("y1", &top),
                ("y2", &bottom),
            ];
            svg.leaf("line", &[&rule[..], &[("stroke", GRID)]].concat());
            svg.label(
                &[("x", &px), ("y", &tick_y)],
                &ticks.text(t),
                f64::INFINITY,
                SMALL,
            );
        }
        svg.close("g");
        let zero = format!("M{},{} V{}", num(self.left), top, bottom);
        svg.leaf("path", &[("d", &zero), ("stroke", MUTED)]);
        let (cx, cy) = (
            num((self.left + self.right) / 2.0),
            num(self.bottom + 14.0 + SMALL + FONT * 0.8),
        );
        let attrs = [("x", cx.as_str()), ("y", &cy), ("text-anchor", "middle")];
        svg.label(&attrs, value_label, self.right - self.left, FONT);
    }

    /// Bar `row`: its label (a link when it has a fragment href), the bar
    /// with its tooltip, and its value.
    fn bar(&self, svg: &mut Svg, x: &Scale, row: usize, bar: &Bar, value_label: &str) {
        let cy = self.top + (row as f64 + 0.5) * BAR_ROW;
        let text_y = num(cy + FONT * 0.35);
        let label_x = num(self.left - 8.0);
        let at = [
            ("x", label_x.as_str()),
            ("y", &text_y),
            ("text-anchor", "end"),
        ];
        match bar.href.filter(|h| h.starts_with('#')) {
            Some(href) => {
                svg.open("a", &[("href", href)]);
                let link = [("fill", LINK), ("text-decoration", "underline")];
                svg.label(&[&at[..], &link].concat(), bar.label, BAR_LABEL_MAX, FONT);
                svg.close("a");
            }
            None => svg.label(&at, bar.label, BAR_LABEL_MAX, FONT),
        }
        let end = px(x.at(bar.value.max(0.0)));
        let (left, top, width) = (num(self.left), num(cy - 8.0), num(end - self.left));
        let place = [
            ("x", left.as_str()),
            ("y", &top),
            ("width", &width),
            ("height", "16"),
        ];
        let paint = [("fill", PALETTE[0]), ("data-part", "bar")];
        let value = value_text(bar.value);
        let tip = format!("{}: {value} {value_label}", bar.label);
        svg.tipped("rect", &[&place[..], &paint].concat(), tip.trim_end());
        let value_x = num(end + 4.0);
        svg.text("text", &[("x", &value_x), ("y", &text_y)], &value);
    }
}

/// A valid chart that says "no data": for empty input, and for input where
/// nothing can be drawn (all zero, all non-finite).
fn no_data(id: &str, title: &str, description: &str) -> String {
    let height = 120.0;
    let mut svg = Svg::begin(id, title, description, height);
    let (w, h) = (num(WIDTH - 1.0), num(height - 1.0));
    let frame = [("x", "0.5"), ("y", "0.5"), ("width", &w), ("height", &h)];
    svg.leaf(
        "rect",
        &[&frame[..], &[("fill", "none"), ("stroke", GRID)]].concat(),
    );
    let (cx, cy) = (num(WIDTH / 2.0), num(height / 2.0 + 5.0));
    let at = [("x", cx.as_str()), ("y", &cy), ("text-anchor", "middle")];
    svg.text(
        "text",
        &[&at[..], &[("fill", MUTED), ("font-size", "14")]].concat(),
        "no data",
    );
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use roxmltree::{Document, Node};

    /// Labels that would inject markup, handlers or break XML if not escaped.
    const HOSTILE: [&str; 3] = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "Tom & Jerry's \"best\" </svg>",
    ];

    fn months(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{}-{:02}", 2020 + i / 12, i % 12 + 1))
            .collect()
    }

    fn parse(svg: &str) -> Document<'_> {
        Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"))
    }

    fn parts<'a, 'i>(doc: &'a Document<'i>, part: &str) -> Vec<Node<'a, 'i>> {
        let is_part = |n: &Node| n.attribute("data-part") == Some(part);
        doc.descendants().filter(is_part).collect()
    }

    fn tooltip<'a>(node: Node<'a, '_>) -> &'a str {
        let title = node.children().find(|c| c.has_tag_name("title"));
        title.and_then(|t| t.text()).unwrap_or_default()
    }

    fn number(node: Node, name: &str) -> f64 {
        let value = node.attribute(name).and_then(|v| v.parse().ok());
        value.unwrap_or_else(|| panic!("no number {name} on {node:?}"))
    }

    /// Root, title and description as screen readers need them.
    fn assert_accessible(svg: &str, id: &str, title: &str, description: &str) {
        let doc = parse(svg);
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.tag_name().namespace(), Some(SVG_NS));
        assert_eq!(root.attribute("role"), Some("img"));
        let labelled = format!("{id}-title {id}-desc");
        assert_eq!(root.attribute("aria-labelledby"), Some(labelled.as_str()));
        assert_eq!(root.attribute("width"), Some("100%"));
        assert!(
            root.attribute("viewBox")
                .is_some_and(|v| v.starts_with("0 0 720 "))
        );
        let mut children = root.children().filter(Node::is_element);
        let first = children.next().expect("a title");
        assert!(first.has_tag_name("title"));
        assert_eq!(first.attribute("id"), Some(format!("{id}-title").as_str()));
        assert_eq!(first.text(), Some(title));
        let second = children.next().expect("a description");
        assert!(second.has_tag_name("desc"));
        assert_eq!(second.attribute("id"), Some(format!("{id}-desc").as_str()));
        assert_eq!(second.text(), Some(description));
    }

    /// Nothing that runs: no script or image elements, no event handlers,
    /// links only within the page; and no number that is not one.
    fn assert_safe(svg: &str) {
        let doc = parse(svg);
        for node in doc.descendants().filter(Node::is_element) {
            let name = node.tag_name().name().to_ascii_lowercase();
            assert!(!["script", "img", "foreignobject", "iframe"].contains(&name.as_str()));
            for a in node.attributes() {
                assert!(!a.name().to_ascii_lowercase().starts_with("on"), "{a:?}");
            }
            if let Some(href) = node.attribute("href") {
                assert!(href.starts_with('#'), "{href}");
            }
        }
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }

    fn line_chart_of<'a>(
        labels: &'a [String],
        counts: &'a [u64],
        lines: &'a [Line<'a>],
    ) -> LineChart<'a> {
        LineChart {
            id: "frankness",
            title: "Frankness by month",
            description: "Pooled frankness per month.",
            x_labels: labels,
            y_label: "frankness (0–100)",
            y_range: (0.0, 100.0),
            lines,
            counts,
        }
    }

    fn stacked_of<'a>(
        labels: &'a [String],
        segments: &'a [&'a str],
        values: &'a [Vec<f64>],
    ) -> StackedBars<'a> {
        StackedBars {
            id: "categories",
            title: "Findings by category",
            description: "Findings per 1,000 words, by category and month.",
            x_labels: labels,
            y_label: "findings per 1,000 words",
            segments,
            values,
        }
    }

    fn bar_chart_of<'a>(bars: &'a [Bar<'a>]) -> BarChart<'a> {
        BarChart {
            id: "rules",
            title: "Top rules",
            description: "The most frequent rules.",
            value_label: "findings",
            bars,
        }
    }

    #[test]
    fn every_chart_is_an_accessible_svg() {
        let labels = months(3);
        let lines = [Line {
            name: "all",
            points: vec![(0, 70.0), (1, 72.4)],
            trend: None,
        }];
        let svg = line_chart(&line_chart_of(&labels, &[], &lines));
        assert_accessible(
            &svg,
            "frankness",
            "Frankness by month",
            "Pooled frankness per month.",
        );

        let values = [vec![1.0, 2.0], vec![0.5, 0.0], vec![3.0, 1.0]];
        let svg = stacked_bars(&stacked_of(&labels, &["buzzword", "euphemism"], &values));
        assert_accessible(
            &svg,
            "categories",
            "Findings by category",
            "Findings per 1,000 words, by category and month.",
        );

        let bars = [Bar {
            label: "synergy",
            value: 12.0,
            href: None,
        }];
        let svg = bar_chart(&bar_chart_of(&bars));
        assert_accessible(&svg, "rules", "Top rules", "The most frequent rules.");

        let svg = bar_chart(&bar_chart_of(&[]));
        assert_accessible(&svg, "rules", "Top rules", "The most frequent rules.");
        assert!(svg.contains(">no data</text>"));
    }

    #[test]
    fn line_chart_marks_every_drawable_point_and_breaks_at_gaps() {
        let labels = months(6);
        let counts = [12, 9, 0, 4, 7, 30];
        let lines = [
            Line {
                name: "sales",
                // index 3 is NaN, 5 infinite, 9 past the labels: three drawable
                points: vec![
                    (0, 70.0),
                    (1, 72.4),
                    (3, f64::NAN),
                    (4, 75.0),
                    (5, f64::INFINITY),
                    (9, 50.0),
                ],
                trend: None,
            },
            Line {
                name: "legal",
                points: vec![(0, 60.0), (2, 61.0)],
                trend: None,
            },
        ];
        let svg = line_chart(&line_chart_of(&labels, &counts, &lines));
        let doc = parse(&svg);
        let points = parts(&doc, "point");
        assert_eq!(points.len(), 5);
        let tips: Vec<&str> = points.iter().map(|p| tooltip(*p)).collect();
        assert!(tips.contains(&"sales, 2020-02: 72.4 (n=9)"), "{tips:?}");
        assert!(tips.contains(&"legal, 2020-03: 61 (n=0)"), "{tips:?}");
        // Two lines, two marker shapes: circles, then squares.
        let shapes: Vec<&str> = points.iter().map(|p| p.tag_name().name()).collect();
        assert_eq!(shapes, ["circle", "circle", "circle", "path", "path"]);
        // sales is broken between index 1 and 4; legal has a gap at 1.
        let paths: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("path") && n.attribute("stroke-width") == Some("2.5"))
            .filter_map(|n| n.attribute("d"))
            .collect();
        assert_eq!(paths.len(), 2);
        assert_eq!(paths[0].matches('M').count(), 2, "{}", paths[0]);
        assert_eq!(paths[0].matches('L').count(), 1, "{}", paths[0]);
        assert_eq!(paths[1].matches('M').count(), 2, "{}", paths[1]);
        assert_ne!(paths.len(), 0);
        // Different dash patterns tell the lines apart without colour.
        let dashes: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("path") && n.attribute("stroke-width") == Some("2.5"))
            .filter_map(|n| n.attribute("stroke-dasharray"))
            .collect();
        assert_eq!(dashes, [DASHES[0], DASHES[1]]);
        // Two lines need a legend naming both.
        let legend = parts(&doc, "legend");
        let names: Vec<&str> = legend[0]
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(names, ["sales", "legal"]);
    }

    #[test]
    fn a_single_line_has_plain_tooltips_and_no_legend() {
        let labels = vec!["2024-02".to_string(), "2024-03".to_string()];
        let lines = [Line {
            name: "all",
            points: vec![(0, 70.0), (1, 72.44)],
            trend: None,
        }];
        let svg = line_chart(&line_chart_of(&labels, &[3, 12], &lines));
        let doc = parse(&svg);
        let tips: Vec<&str> = parts(&doc, "point").into_iter().map(tooltip).collect();
        assert_eq!(tips, ["2024-02: 70 (n=3)", "2024-03: 72.4 (n=12)"]);
        assert!(parts(&doc, "legend").is_empty());
        let counts: Vec<&str> = parts(&doc, "counts")[0]
            .children()
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(counts, ["n=3", "n=12"]);
    }

    #[test]
    fn trend_is_dashed_clipped_to_the_labels_and_in_the_legend() {
        let labels = months(6);
        let lines = [Line {
            name: "all",
            points: (0..6).map(|i| (i, 60.0 + i as f64)).collect(),
            trend: Some(((-1.0, 59.0), (10.0, 70.0))),
        }];
        let svg = line_chart(&line_chart_of(&labels, &[], &lines));
        let doc = parse(&svg);
        let trend = parts(&doc, "trend");
        assert_eq!(trend.len(), 1);
        assert_eq!(trend[0].attribute("stroke-dasharray"), Some(TREND_DASH));
        assert_eq!(tooltip(trend[0]), "trend: 60 → 65");
        let points = parts(&doc, "point");
        assert_eq!(number(trend[0], "x1"), number(points[0], "cx"));
        assert_eq!(number(trend[0], "x2"), number(points[5], "cx"));
        assert_eq!(number(trend[0], "y2"), number(points[5], "cy"));
        let legend: Vec<&str> = parts(&doc, "legend")[0]
            .descendants()
            .filter(Node::is_text)
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(legend, ["all", "trend"]);
        let dashed = parts(&doc, "legend")[0]
            .descendants()
            .any(|n| n.has_tag_name("line") && n.attribute("stroke-dasharray") == Some(TREND_DASH));
        assert!(dashed);
    }

    #[test]
    fn x_labels_thin_out_without_overlap_keeping_first_and_last() {
        for (n, thinned) in [(6, false), (24, true), (60, true)] {
            let labels = months(n);
            let counts: Vec<u64> = (0..n as u64).map(|i| i * 37).collect();
            let lines = [Line {
                name: "all",
                points: (0..n).map(|i| (i, 50.0)).collect(),
                trend: None,
            }];
            let svg = line_chart(&line_chart_of(&labels, &counts, &lines));
            let doc = parse(&svg);
            let shown: Vec<(f64, &str)> = parts(&doc, "x-labels")[0]
                .children()
                .filter(Node::is_element)
                .map(|t| (number(t, "x"), t.text().unwrap_or_default()))
                .collect();
            assert_eq!(shown.first().map(|s| s.1), Some(labels[0].as_str()));
            assert_eq!(shown.last().map(|s| s.1), Some(labels[n - 1].as_str()));
            assert_eq!(
                shown.len() < n,
                thinned,
                "{n} labels, {} shown",
                shown.len()
            );
            assert!(shown.len() >= 5, "{n} labels, only {} shown", shown.len());
            let width = |text: &str| {
                let i = labels.iter().position(|l| l == text).expect("a label");
                text_width(text, SMALL).max(text_width(&format!("n={}", counts[i]), TINY))
            };
            for pair in shown.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                assert!(
                    b.0 - a.0 >= (width(a.1) + width(b.1)) / 2.0,
                    "{n}: {a:?} and {b:?} overlap"
                );
            }
            for (x, text) in &shown {
                assert!(x - width(text) / 2.0 >= 0.0 && x + width(text) / 2.0 <= WIDTH);
            }
            assert_eq!(parts(&doc, "counts")[0].children().count(), shown.len());
        }
    }

    #[test]
    fn stride_keeps_first_and_last_and_gaps_of_at_least_k() {
        assert_eq!(stride(0, 1), Vec::<usize>::new());
        assert_eq!(stride(1, 1), [0]);
        assert_eq!(stride(5, 1), [0, 1, 2, 3, 4]);
        assert_eq!(stride(24, 3), [0, 3, 6, 9, 12, 15, 18, 23]);
        assert_eq!(stride(7, 3), [0, 3, 6]);
        assert_eq!(stride(10, 10), [0, 9]);
    }

    #[test]
    fn stacked_segment_heights_add_up_to_the_total() {
        let labels = months(4);
        let segments = ["buzzword", "euphemism", "passive"];
        let values = [
            vec![1.25, 2.0, 0.7],
            vec![0.0, 3.3, 1.1],
            vec![4.0],
            vec![0.2, 0.2, 0.2],
        ];
        let svg = stacked_bars(&stacked_of(&labels, &segments, &values));
        let doc = parse(&svg);
        let ticks = Ticks::over([0.0, 4.05]);
        let per_unit = PLOT_H / ticks.last();
        let stacks = parts(&doc, "stack");
        assert_eq!(stacks.len(), 4);
        let mut shown_segments = 0;
        for (stack, row) in stacks.iter().zip(&values) {
            let rects: Vec<Node> = stack
                .children()
                .filter(|n| n.has_tag_name("rect"))
                .collect();
            shown_segments += rects.len();
            let heights: f64 = rects.iter().map(|r| number(*r, "height")).sum();
            let total: f64 = row.iter().sum();
            assert!(
                (heights - total * per_unit).abs() <= 0.1,
                "{heights} vs {}",
                total * per_unit
            );
            // Segments touch: each starts where the one below ends.
            for pair in rects.windows(2) {
                let below_top = number(pair[0], "y");
                let above_bottom = number(pair[1], "y") + number(pair[1], "height");
                assert!((below_top - above_bottom).abs() < 1e-9);
            }
        }
        // The zero segment of column 1 is not drawn.
        assert_eq!(shown_segments, 3 + 2 + 1 + 3);
        let tips: Vec<&str> = stacks[1].children().map(tooltip).collect();
        assert_eq!(
            tips,
            [
                "2020-02, euphemism: 3.3 of 4.4",
                "2020-02, passive: 1.1 of 4.4"
            ]
        );
    }

    #[test]
    fn every_segment_has_its_own_pattern_and_legend_swatch() {
        let labels = months(2);
        let segments = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let values = [vec![1.0; 8], vec![2.0; 8]];
        let svg = stacked_bars(&stacked_of(&labels, &segments, &values));
        let doc = parse(&svg);
        let patterns: Vec<Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name("pattern"))
            .collect();
        assert_eq!(patterns.len(), 8);
        let ids: Vec<&str> = patterns.iter().filter_map(|p| p.attribute("id")).collect();
        let expected: Vec<String> = (0..8).map(|i| format!("categories-p{i}")).collect();
        assert_eq!(ids, expected);
        assert!(
            patterns
                .iter()
                .all(|p| p.parent().is_some_and(|d| d.has_tag_name("defs")))
        );
        // What each pattern draws, without its id: all different, and the
        // marks differ too, not only the colours.
        let drawing = |p: &Node| -> Vec<String> {
            p.descendants()
                .skip(1)
                .map(|n| format!("{:?}", n.attributes().collect::<Vec<_>>()))
                .collect()
        };
        let marks = |p: &Node<'_, '_>| {
            let path = p.descendants().find(|n| n.has_tag_name("path"));
            path.and_then(|n| n.attribute("d")).map(str::to_string)
        };
        for (i, a) in patterns.iter().enumerate() {
            for b in &patterns[i + 1..] {
                assert_ne!(drawing(a), drawing(b));
                assert_ne!(marks(a), marks(b));
            }
        }
        // Every filled segment and legend swatch points at one of them.
        let fills: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("fill"))
            .filter(|f| f.starts_with("url("))
            .collect();
        assert_eq!(fills.len(), 8 * 2 + 8);
        assert!(
            fills
                .iter()
                .all(|f| expected.iter().any(|id| *f == format!("url(#{id})")))
        );
        let legend: Vec<&str> = parts(&doc, "legend")[0]
            .descendants()
            .filter(Node::is_text)
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(legend, segments);
    }

    #[test]
    fn swatches_match_the_segments_and_define_no_ids() {
        let swatches: Vec<String> = (0..8).map(swatch).collect();
        for (i, s) in swatches.iter().enumerate() {
            let doc = parse(s);
            let root = doc.root_element();
            assert_eq!(root.attribute("width"), Some("14"));
            assert_eq!(root.attribute("aria-hidden"), Some("true"));
            assert!(doc.descendants().all(|n| n.attribute("id").is_none()));
            assert!(s.contains(PALETTE[i]));
            if let (d, _) = MARKS[style(i).1]
                && !d.is_empty()
            {
                assert!(s.contains(d));
            }
            assert!(swatches[i + 1..].iter().all(|other| other != s));
        }
        assert!(parse(&swatch(70)).root_element().has_tag_name("svg"));
    }

    /// WCAG 2.1 relative luminance of "#rrggbb".
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = u8::from_str_radix(&hex[i..i + 2], 16).expect("hex") as f64 / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast_on_white(hex: &str) -> f64 {
        1.05 / (luminance(hex) + 0.05)
    }

    #[test]
    fn colours_contrast_with_white() {
        for colour in PALETTE {
            assert!(
                contrast_on_white(colour) >= 3.0,
                "{colour}: {}",
                contrast_on_white(colour)
            );
        }
        // Text needs 4.5:1.
        for colour in [INK, MUTED, LINK] {
            assert!(contrast_on_white(colour) >= 4.5, "{colour}");
        }
        let mut distinct = PALETTE.to_vec();
        distinct.dedup();
        assert_eq!(distinct.len(), 8);
    }

    #[test]
    fn bar_labels_link_only_within_the_page() {
        let bars = [
            Bar {
                label: "synergy",
                value: 12.0,
                href: Some("#rule-en.buzzword.synergy"),
            },
            Bar {
                label: "leverage",
                value: 7.5,
                href: Some("javascript:alert(1)"),
            },
            Bar {
                label: "going forward",
                value: 0.04,
                href: None,
            },
        ];
        let svg = bar_chart(&bar_chart_of(&bars));
        assert_safe(&svg);
        let doc = parse(&svg);
        let links: Vec<Node> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].attribute("href"),
            Some("#rule-en.buzzword.synergy")
        );
        assert_eq!(
            links[0]
                .descendants()
                .filter(Node::is_text)
                .filter_map(|n| n.text())
                .collect::<String>(),
            "synergy"
        );
        let bars_drawn = parts(&doc, "bar");
        let tips: Vec<&str> = bars_drawn.iter().map(|b| tooltip(*b)).collect();
        assert_eq!(
            tips,
            [
                "synergy: 12 findings",
                "leverage: 7.5 findings",
                "going forward: 0.04 findings"
            ]
        );
        // Lengths are proportional to the values.
        let (a, b) = (
            number(bars_drawn[0], "width"),
            number(bars_drawn[1], "width"),
        );
        assert!((a / b - 12.0 / 7.5).abs() < 0.01, "{a} {b}");
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.contains(&"12") && texts.contains(&"0.04") && texts.contains(&"findings"));
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let labels: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
        let counts = [1, 2, 3];
        for hostile in HOSTILE {
            let lines = [
                Line {
                    name: hostile,
                    points: vec![(0, 1.0), (1, 2.0), (2, 3.0)],
                    trend: Some(((0.0, 1.0), (2.0, 3.0))),
                },
                Line {
                    name: hostile,
                    points: vec![(0, 2.0)],
                    trend: None,
                },
            ];
            let chart = LineChart {
                title: hostile,
                description: hostile,
                y_label: hostile,
                ..line_chart_of(&labels, &counts, &lines)
            };
            let svg = line_chart(&chart);
            assert_safe(&svg);
            assert_accessible(&svg, "frankness", hostile, hostile);
            let tips: Vec<String> = parts(&parse(&svg), "point")
                .into_iter()
                .map(|p| tooltip(p).to_string())
                .collect();
            assert!(
                tips.contains(&format!("{hostile}, {}: 1 (n=1)", HOSTILE[0])),
                "{tips:?}"
            );

            let segments = [hostile, "plain"];
            let values = vec![vec![1.0, 2.0]; 3];
            let stacked = StackedBars {
                title: hostile,
                description: hostile,
                y_label: hostile,
                ..stacked_of(&labels, &segments, &values)
            };
            let svg = stacked_bars(&stacked);
            assert_safe(&svg);
            assert_accessible(&svg, "categories", hostile, hostile);

            let bars = [
                Bar {
                    label: hostile,
                    value: 3.0,
                    href: Some(hostile),
                },
                Bar {
                    label: "x",
                    value: 1.0,
                    href: Some("#\"><script>"),
                },
            ];
            let chart = BarChart {
                title: hostile,
                description: hostile,
                value_label: hostile,
                ..bar_chart_of(&bars)
            };
            let svg = bar_chart(&chart);
            assert_safe(&svg);
            assert_accessible(&svg, "rules", hostile, hostile);
            assert!(!svg.contains("<script") && !svg.contains("<img"));
        }
    }

    #[test]
    fn ids_and_control_characters_cannot_break_the_document() {
        assert_eq!(clean_id("Trend Chart\"><x"), "trend-chart---x");
        assert_eq!(clean_id(""), "chart");
        let bars = [Bar {
            label: "bell\u{7}\u{0}tab\tok\u{FFFF}",
            value: 1.0,
            href: None,
        }];
        let chart = BarChart {
            id: "\"><script>",
            title: "nul\u{0}",
            ..bar_chart_of(&bars)
        };
        let svg = bar_chart(&chart);
        assert_safe(&svg);
        assert_accessible(&svg, "---script-", "nul", "The most frequent rules.");
        assert!(svg.contains(">belltab\tok</text>"), "{svg}");
    }

    #[test]
    fn empty_and_degenerate_input_says_no_data_or_draws_sanely() {
        let none: Vec<String> = Vec::new();
        let labels = months(3);
        let one_line = |points: Vec<(usize, f64)>| {
            [Line {
                name: "all",
                points,
                trend: None,
            }]
        };
        let no_data_charts = [
            line_chart(&line_chart_of(&none, &[], &one_line(vec![(0, 1.0)]))),
            line_chart(&line_chart_of(&labels, &[], &[])),
            line_chart(&line_chart_of(
                &labels,
                &[1, 2, 3],
                &one_line(vec![(0, f64::NAN), (1, f64::NEG_INFINITY), (2, 1e300)]),
            )),
            stacked_bars(&stacked_of(&none, &["a"], &[])),
            stacked_bars(&stacked_of(&labels, &[], &[vec![1.0]])),
            stacked_bars(&stacked_of(
                &labels,
                &["a", "b"],
                &[vec![0.0, 0.0], vec![f64::NAN, -3.0]],
            )),
            bar_chart(&bar_chart_of(&[])),
            bar_chart(&bar_chart_of(&[
                Bar {
                    label: "a",
                    value: 0.0,
                    href: None,
                },
                Bar {
                    label: "b",
                    value: f64::NAN,
                    href: None,
                },
            ])),
        ];
        for svg in &no_data_charts {
            assert_safe(svg);
            assert!(svg.contains(">no data</text>"), "{svg}");
        }
        // A flat line in a flat range still gets an axis with distinct ticks.
        let flat_line = one_line(vec![(0, 50.0), (1, 50.0)]);
        let flat = LineChart {
            y_range: (50.0, 50.0),
            ..line_chart_of(&labels, &[], &flat_line)
        };
        let degenerate = [
            line_chart(&flat),
            line_chart(&LineChart {
                y_range: (f64::NAN, f64::INFINITY),
                ..flat
            }),
            line_chart(&LineChart {
                y_range: (100.0, 0.0),
                ..flat
            }),
            // One label: a trend cannot be drawn, the point can.
            line_chart(&line_chart_of(
                &labels[..1],
                &[],
                &[Line {
                    name: "all",
                    points: vec![(0, 3.0)],
                    trend: Some(((0.0, 1.0), (0.0, 5.0))),
                }],
            )),
            stacked_bars(&stacked_of(&labels[..1], &["a"], &[vec![2.0]])),
            bar_chart(&bar_chart_of(&[
                Bar {
                    label: "a",
                    value: -2.0,
                    href: None,
                },
                Bar {
                    label: "b",
                    value: 3.0,
                    href: None,
                },
            ])),
        ];
        for svg in &degenerate {
            assert_safe(svg);
            assert!(!svg.contains("no data"), "{svg}");
            let doc = parse(svg);
            assert!(
                doc.descendants()
                    .filter_map(|n| n.attribute("y"))
                    .all(|y| y.parse::<f64>().is_ok())
            );
        }
        assert_eq!(parts(&parse(&degenerate[0]), "point").len(), 2);
        assert!(parts(&parse(&degenerate[3]), "trend").is_empty());
        let negative = parse(&degenerate[5]);
        assert_eq!(number(parts(&negative, "bar")[0], "width"), 0.0);
    }

    #[test]
    fn ticks_are_nice_and_cover_the_range() {
        let values = |t: Ticks| t.values().map(|v| t.text(v)).collect::<Vec<_>>();
        assert_eq!(
            values(Ticks::over([0.0, 10.8])),
            ["0", "2", "4", "6", "8", "10", "12"]
        );
        assert_eq!(
            values(Ticks::over([0.0, 100.0])),
            ["0", "20", "40", "60", "80", "100"]
        );
        assert_eq!(values(Ticks::over([0.0, 7.3])), ["0", "2", "4", "6", "8"]);
        assert_eq!(
            values(Ticks::over([0.0, 2.2])),
            ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"]
        );
        assert_eq!(
            values(Ticks::over([42.0, 42.0])),
            ["36", "38", "40", "42", "44", "46", "48"]
        );
        assert_eq!(
            values(Ticks::over([0.0])),
            ["-1.0", "-0.5", "0.0", "0.5", "1.0"]
        );
        assert_eq!(
            values(Ticks::over([-3.0, 12.0])),
            ["-4", "-2", "0", "2", "4", "6", "8", "10", "12"]
        );
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(3.25), "3.3");
        assert_eq!(value_text(72.44), "72.4");
        assert_eq!(value_text(0.04), "0.04");
        assert_eq!(value_text(-0.001), "0");
        assert_eq!(fit("abcdef", text_width("abc…", 10.0), 10.0), "abc…");
        assert_eq!(fit("abc", 100.0, 10.0), "abc");
    }

    #[test]
    fn output_is_deterministic() {
        let labels = months(12);
        let lines = [Line {
            name: "all",
            points: (0..12).map(|i| (i, i as f64 * 7.3)).collect(),
            trend: Some(((0.0, 1.0), (11.0, 80.0))),
        }];
        let chart = line_chart_of(&labels, &[], &lines);
        assert_eq!(line_chart(&chart), line_chart(&chart));
        let values: Vec<Vec<f64>> = (0..12).map(|i| vec![i as f64, 1.5]).collect();
        let stacked = stacked_of(&labels, &["a", "b"], &values);
        assert_eq!(stacked_bars(&stacked), stacked_bars(&stacked));
    }
}
