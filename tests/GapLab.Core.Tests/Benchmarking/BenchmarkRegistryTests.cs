using GapLab.Benchmarking;
using GapLab.Core.Tests.Store;
using GapLab.Store;

namespace GapLab.Core.Tests.Benchmarking;

public class BenchmarkRegistryTests
{
    static ResultStore StoreWithRuns(out string dir)
    {
        dir = ResultStoreTests.TempDir();
        var store = ResultStore.OpenOrCreate(dir);
        var session = ResultStoreTests.Session();
        store.BeginSession(session);
        foreach (var id in new[] { "r1", "r2" })
        {
            var run = ResultStoreTests.Run(id) with { Suite = "smoke", WeightsFile = Path.Combine(dir, id + ".safetensors") };
            store.WriteRun(session.SessionId, run, ResultStoreTests.Epochs(run));
        }
        return store;
    }

    static BenchmarkProtocol Protocol => new() { Name = "b", Suite = "smoke", TestFingerprint = "fp" };

    [Fact]
    public void AChangedProtocolIsANewVersionAndTheSameOneIsNot()
    {
        var registry = new BenchmarkRegistry(StoreWithRuns(out _));
        var first = registry.Create(Protocol, ResultStoreTests.Session("benchmark create"));
        Assert.True(first.NewVersion);
        Assert.Equal(1, first.Version.Row.Version);
        Assert.Equal(["r1", "r2"], first.ModelsAdded);
        var same = registry.Create(Protocol with { Description = "renamed text" }, ResultStoreTests.Session("benchmark create"));
        Assert.False(same.NewVersion);
        Assert.Empty(same.ModelsAdded);
        var changed = registry.Create(Protocol with { Severities = [1, 5] }, ResultStoreTests.Session("benchmark create"));
        Assert.True(changed.NewVersion);
        Assert.Equal(2, changed.Version.Row.Version);
        Assert.Equal([1, 5], registry.Latest("b")!.Protocol.Severities);
        Assert.Equal(2, registry.Versions("b").Count);
        Assert.Equal(["r1", "r2"], registry.Models("b"));
    }

    [Fact]
    public void UnknownRunsAndBenchmarksAreRefusedWithAMessage()
    {
        var registry = new BenchmarkRegistry(StoreWithRuns(out _));
        var e = Assert.Throws<ArgumentException>(() => registry.Create(Protocol with { Models = ["nope"] }, ResultStoreTests.Session()));
        Assert.Contains("nope is not a completed run with weights", e.Message);
        var missing = Assert.Throws<ArgumentException>(() => registry.Require("other"));
        Assert.Contains("no benchmark 'other'", missing.Message);
        Assert.Contains("gaplab benchmark create other", missing.Message);
    }

    [Fact]
    public void ABenchmarkIsCreatedInAStoreWrittenBeforeTheBenchmarkTables()
    {
        StoreWithRuns(out var dir);
        ResultStoreTests.Downgrade(Path.Combine(dir, ResultStore.FileName), version: 2);
        var registry = new BenchmarkRegistry(ResultStore.Open(dir));
        Assert.Equal(0, registry.List().Rows.Count);
        var created = registry.Create(Protocol, ResultStoreTests.Session("benchmark create"));
        Assert.Equal(["r1", "r2"], created.ModelsAdded);
        Assert.Equal(1, registry.List().Rows.Count);
    }

    [Fact]
    public void ProtocolHashIgnoresNameAndModelsAndValidateNamesTheField()
    {
        Assert.Equal(Protocol.Hash(), (Protocol with { Name = "c", Models = ["r1"], Suite = null }).Hash());
        Assert.NotEqual(Protocol.Hash(), (Protocol with { OodShifts = ["shift:rotate=30"] }).Hash());
        var e = Assert.Throws<ArgumentException>(() => BenchmarkProtocol.FromJson("""{ "name": "x", "suite": "smoke", "corruptions": ["fog2"] }""", "b.json"));
        Assert.Contains("b.json: unknown corruption 'fog2'", e.Message);
        var p = BenchmarkProtocol.FromJson("""{ "name": "x", "suite": "smoke", "severities": [2], "ood_shifts": ["shift:rotate=30"] }""");
        Assert.Equal(["clean", "corruption:gaussian_noise:2", "corruption:contrast:2", "shift:rotate=30"], p.TestSets());
    }

    [Fact]
    public void AttackKeysAreOutOfTheProtocolWhileUnsetAndAddTwoTestSetsWhenSet()
    {
        Assert.DoesNotContain("adversarial_epsilon", Protocol.ToJson());
        Assert.DoesNotContain("pgd_step", Protocol.ToJson());
        var p = BenchmarkProtocol.FromJson("""{ "name": "x", "suite": "smoke", "corruptions": [], "ood_shifts": [], "adversarial_epsilon": 0.125, "pgd_steps": 5 }""");
        Assert.Equal(["clean", "adversarial:fgsm:0.125", "adversarial:pgd:0.125"], p.TestSets());
        Assert.Equal(new GapLab.Quality.PgdOptions(0.125, null, 5, true, 0), p.Attack());
        Assert.NotEqual(Protocol.Hash(), (Protocol with { AdversarialEpsilon = 0.125 }).Hash());
        Assert.Equal(p.Hash(), BenchmarkProtocol.FromJson(p.ToJson()).Hash());
        var e = Assert.Throws<ArgumentException>(() => BenchmarkProtocol.FromJson("""{ "name": "x", "suite": "smoke", "pgd_steps": 5 }""", "b.json"));
        Assert.StartsWith("b.json: 'pgd_steps' and 'pgd_step_size' need 'adversarial_epsilon'", e.Message);
        e = Assert.Throws<ArgumentException>(() => BenchmarkProtocol.FromJson("""{ "name": "x", "suite": "smoke", "adversarial_epsilon": 2 }""", "b.json"));
        Assert.StartsWith("b.json: 'adversarial_epsilon' = 2", e.Message);
    }
}
