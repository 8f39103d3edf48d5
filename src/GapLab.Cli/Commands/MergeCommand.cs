using System.CommandLine;
using GapLab.Store;
using GapLab.Suites;

namespace GapLab.Cli.Commands;

/// <summary><c>gaplab merge</c>: combines the stores of suite shards (or any run stores) into one runs.csv/epochs.csv and one gaplab.duckdb.</summary>
internal static class MergeCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var stores = new Argument<string[]>("STORE_DIR") { Description = "Store folders (each with runs.csv) to merge, in order of precedence.", Arity = ArgumentArity.ZeroOrMore };
        var runs = new Option<string?>("--runs") { Description = "Merge every RUNS/shard-*-of-N store (as written by 'gaplab run --shard i/N --out RUNS')." };
        var output = new Option<string?>("--out") { Description = "Folder for the merged runs.csv and epochs.csv (default: the --runs folder)." };
        var cmd = new Command("merge", "Merge the runs.csv/epochs.csv of several run stores (suite shards) into one, one row per run id.");
        cmd.Arguments.Add(stores);
        cmd.Options.Add(runs);
        cmd.Options.Add(output);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            var dirs = (parse.GetValue(stores) ?? Array.Empty<string>()).ToList();
            var runsDir = parse.GetValue(runs);
            if (runsDir is not null) dirs.AddRange(RunStoreMerge.ShardFolders(runsDir));
            if (dirs.Count == 0) throw new ArgumentException("gaplab merge needs store folders (STORE_DIR...) or --runs DIR holding shard-*-of-N folders.");
            var outDir = parse.GetValue(output) ?? runsDir
                ?? throw new ArgumentException("gaplab merge needs --out DIR for the merged runs.csv (or --runs DIR, which is then the default).");
            using var writer = StoreLock.Acquire(outDir, GapLabCli.CommandLine(parse));
            var result = RunStoreMerge.Merge(dirs, outDir);
            foreach (var w in result.Warnings) stderr.WriteLine($"gaplab: warning: {w}");
            stdout.WriteLine($"merged {result.Stores.Count} store(s): {result.Runs} runs, {result.EpochRows} epoch rows ({result.DuplicatesDropped} duplicate rows dropped) -> {result.RunsCsv}");
            var withStore = dirs.Where(ResultStore.ExistsIn).ToList();
            if (withStore.Count < dirs.Count)
                stderr.WriteLine($"gaplab: warning: {dirs.Count - withStore.Count} folder(s) have no {ResultStore.FileName} (written before the result store existed); their runs are only in the merged CSV files.");
            if (withStore.Count > 0)
            {
                var merged = ResultStoreMerge.Merge(withStore, outDir);
                stdout.WriteLine($"merged {merged.Stores.Count} result store(s): {merged.Runs} runs ({merged.DuplicatesDropped} duplicates dropped) -> {merged.StorePath}");
            }
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }
}
