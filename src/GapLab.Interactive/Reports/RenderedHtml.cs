namespace GapLab.Interactive.Reports;

/// <summary>
/// A value already turned into its report HTML, kept instead of the value itself (a displayed tensor or module in the
/// session's <see cref="Magic.DisplayLog"/>: the log must not keep native memory alive or hold a tensor the user disposes later).
/// </summary>
public sealed record RenderedHtml(string Html);
