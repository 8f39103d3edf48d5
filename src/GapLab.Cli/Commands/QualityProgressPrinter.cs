using System.Diagnostics;
using System.Globalization;
using GapLab.Quality;

namespace GapLab.Cli.Commands;

/// <summary>
/// Shows <see cref="QualityProgress"/> on stderr: on a terminal one line rewritten in place (at most 10 times a second), otherwise one
/// line per stage, so logs stay short. <paramref name="prefix"/> names the model when several are evaluated.
/// </summary>
internal sealed class QualityProgressPrinter(TextWriter stderr, string prefix) : IProgress<QualityProgress>
{
    readonly bool _inPlace = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    string? _stage;
    long _lastDraw = -1000;
    bool _open;

    public void Report(QualityProgress p)
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{prefix}{p.Fraction * 100,3:F0}% {p.Stage} ({p.StageDone}/{p.StageTotal}) [{p.Done}/{p.Total} batches, {_clock.Elapsed.TotalSeconds:F0}s]");
        if (_inPlace)
        {
            long now = _clock.ElapsedMilliseconds;
            if (now - _lastDraw < 100 && p.Done < p.Total) return;
            _lastDraw = now;
            stderr.Write("\r" + line.PadRight(Math.Max(line.Length, 100)));
            _open = true;
            if (p.Done == p.Total) Finish();
        }
        else if (p.Stage != _stage)
            stderr.WriteLine(line);
        _stage = p.Stage;
    }

    /// <summary>Ends an in-place line (after a cancellation, which stops before the last event).</summary>
    public void Finish()
    {
        if (!_open) return;
        stderr.WriteLine();
        _open = false;
    }
}
