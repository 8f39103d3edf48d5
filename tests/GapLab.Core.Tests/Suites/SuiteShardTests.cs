using GapLab.Analysis;
using GapLab.Suites;

namespace GapLab.Core.Tests.Suites;

public class SuiteShardTests
{
    static SuiteSpec Population() => SuiteSpec.FromJson("""
        { "name": "p", "models": ["mlp:width=8", "mlp:width=16", "cnn:width=0.25"], "seeds": [0, 1, 2],
          "grid": { "weight_decay": [0, 0.0005] } }
        """);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(18)]
    [InlineData(25)]
    public void ShardsPartitionTheExpandedRunsExactly(int n)
    {
        var runs = Population().Expand();
        Assert.Equal(18, runs.Count);
        var shards = Enumerable.Range(1, n).Select(i => new SuiteShard(i, n).Select(runs)).ToList();
        var ids = shards.SelectMany(s => s.Select(r => r.RunId)).ToList();
        Assert.Equal(runs.Count, ids.Count);                                // disjoint: nothing twice
        Assert.Equal(runs.Select(r => r.RunId).Order(), ids.Order());        // union: everything
        for (int i = 0; i < n; i++)                                          // run k -> shard (k mod N) + 1, in Expand() order
            Assert.Equal(runs.Where((_, k) => k % n == i).Select(r => r.RunId), shards[i].Select(r => r.RunId));
        Assert.All(shards, s => Assert.InRange(s.Count, runs.Count / n, (runs.Count + n - 1) / n)); // balanced within one run
    }

    [Fact]
    public void ParseReadsIOverNAndNamesTheFolder()
    {
        var s = SuiteShard.Parse("3/8");
        Assert.Equal((3, 8), (s.Index, s.Count));
        Assert.Equal("shard-3-of-8", s.FolderName);
        Assert.Equal("3/8", s.ToString());
        Assert.Equal(new SuiteShard(3, 8), s);
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("-1/2")]
    [InlineData("1/2/3")]
    public void BadShardTextIsRejectedWithTheAcceptedForm(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => SuiteShard.Parse(text));
        Assert.Contains("--shard must be i/N with 1 <= i <= N", e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void StoreDirIsTheShardFolderUnderOut()
    {
        var o = new SuiteRunOptions { OutDir = "runs", Shard = new SuiteShard(2, 4) };
        Assert.Equal(Path.Combine("runs", "shard-2-of-4"), o.StoreDir);
        Assert.Equal("runs", (o with { Shard = null }).StoreDir);
    }
}
