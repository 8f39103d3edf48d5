using System.Globalization;

namespace GapLab.Interactive.Commands;

/// <summary>What <c>#!gaplab report</c> wrote: the file, how many blocks it holds, its size and where its plotly.js came from.</summary>
public sealed record SavedReport(string Path, int Items, long Bytes, string PlotlyJs)
{
    public override string ToString() =>
        $"report: {Path} ({Items} items, {(Bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture)} KiB, plotly.js: {PlotlyJs})";
}
