using GapLab.Bench;

namespace GapLab.Core.Tests.Fuzz;

/// <summary>A seeded slice (600 inputs per reader of GapLab.Core, 5,400 in all) of the reader fuzz harness (bench/GapLab.Bench/ReaderFuzz.cs);
/// the notebook and magic-line readers have their slices in GapLab.Cli.Tests and GapLab.Interactive.Tests.</summary>
public class ReaderFuzzSliceTests
{
    [Fact]
    public void Every_mutated_input_loads_or_ends_in_a_one_line_GapLab_error()
    {
        var counts = ReaderFuzz.Run(perReader: 600, seed: 20261204, perInput: TimeSpan.FromSeconds(20), memoryLimitBytes: 2L << 30);
        Assert.Equal(ReaderFuzz.CoreReaders, counts.Select(c => c.Reader));
        foreach (var c in counts)
        {
            Assert.True(c.Crashes == 0 && c.Hangs == 0, $"{c.Reader}: {string.Join(" | ", c.Examples)}");
            Assert.Equal(600, c.Inputs);
            Assert.True(c.CleanErrors > 0, $"{c.Reader}: no mutation was refused, so the slice tests nothing"); // the mutations bite
        }
    }
}
