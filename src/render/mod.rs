//! Stage 6, render: templates, Markdown, charts.

pub mod charts;
pub mod compiled;
pub mod markdown;
pub mod theme;
