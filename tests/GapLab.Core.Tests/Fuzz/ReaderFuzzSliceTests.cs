using GapLab.Bench;

namespace GapLab.Core.Tests.Fuzz;

/// <summary>A seeded slice (600 inputs per reader, 4,200 in all) of the reader fuzz harness (bench/GapLab.Bench/ReaderFuzz.cs).</summary>
public class ReaderFuzzSliceTests
{
    [Fact]
    public void Every_mutated_input_loads_or_ends_in_a_one_line_GapLab_error()
    {
        var counts = ReaderFuzz.Run(perReader: 600, seed: 20261204, perInput: TimeSpan.FromSeconds(20), memoryLimitBytes: 2L << 30);
        Assert.Equal(ReaderFuzz.Readers, counts.Select(c => c.Reader));
        foreach (var c in counts)
        {
            Assert.True(c.Crashes == 0 && c.Hangs == 0, $"{c.Reader}: {string.Join(" | ", c.Examples)}");
            Assert.Equal(600, c.Inputs);
            Assert.True(c.CleanErrors > 0, $"{c.Reader}: no mutation was refused, so the slice tests nothing"); // the mutations bite
        }
    }
}
