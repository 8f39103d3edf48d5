using GapLab.Bench;

namespace GapLab.Tests.Shared.Fuzz;

/// <summary>
/// A seeded slice (2,000 inputs per reader) of the reader fuzz harness (bench/GapLab.Bench/ReaderFuzz.cs) over the readers of
/// the application assembly this test project compiles it with: GapLab.Cli.Tests, the notebook reader (ReaderFuzz.Notebooks.cs,
/// NotebookDocument.Load); GapLab.Interactive.Tests, the magic-command line check (ReaderFuzz.Magic.cs, MagicCommandRegistry.CheckLine).
/// GapLab.Core's readers have their slice in GapLab.Core.Tests.
/// </summary>
public class ReaderFuzzAppSliceTests
{
    [Fact]
    public void Every_mutated_input_loads_or_ends_in_a_one_line_GapLab_error()
    {
        var readers = ReaderFuzz.Readers.Except(ReaderFuzz.CoreReaders).ToList();
        Assert.Single(readers);
        var counts = ReaderFuzz.Run(perReader: 2000, seed: 20261205, perInput: TimeSpan.FromSeconds(20), memoryLimitBytes: 2L << 30, only: readers);
        foreach (var c in counts)
        {
            Assert.True(c.Crashes == 0 && c.Hangs == 0, $"{c.Reader}: {string.Join(" | ", c.Examples)}");
            Assert.Equal(2000, c.Inputs);
            Assert.True(c.CleanErrors > 0 && c.Loaded > 0, $"{c.Reader}: {c.Loaded} loaded, {c.CleanErrors} refused: the slice must see both");
        }
    }
}
