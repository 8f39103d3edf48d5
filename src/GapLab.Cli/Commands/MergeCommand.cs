using System.CommandLine;
using GapLab.Store;

namespace GapLab.Cli.Commands;

/// <summary>
/// <c>gaplab merge</c>: merges the result stores of suite shards (or any run stores) into one gaplab.duckdb (<see cref="ResultStoreMerge"/>,
/// one row per run id) and exports its runs.csv/epochs.csv.
/// </summary>
internal static class MergeCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var stores = new Argument<string[]>("STORE_DIR") { Description = $"Store folders (each with {ResultStore.FileName}) to merge, in order of precedence.", Arity = ArgumentArity.ZeroOrMore };
        var runs = new Option<string?>("--runs") { Description = "Merge every RUNS/shard-*-of-N store (as written by 'gaplab run --shard i/N --out RUNS')." };
        var output = new Option<string?>("--out") { Description = $"Folder for the merged {ResultStore.FileName} and its runs.csv/epochs.csv export (default: the --runs folder)." };
        var cmd = new Command("merge", "Merge the result stores of several run folders (suite shards) into one, one row per run id, and export its runs.csv/epochs.csv.");
        cmd.Arguments.Add(stores);
        cmd.Options.Add(runs);
        cmd.Options.Add(output);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            var dirs = (parse.GetValue(stores) ?? Array.Empty<string>()).ToList();
            var runsDir = parse.GetValue(runs);
            if (runsDir is not null) dirs.AddRange(ResultStoreMerge.ShardFolders(runsDir));
            if (dirs.Count == 0) throw new ArgumentException("gaplab merge needs store folders (STORE_DIR...) or --runs DIR holding shard-*-of-N folders.");
            var outDir = parse.GetValue(output) ?? runsDir
                ?? throw new ArgumentException($"gaplab merge needs --out DIR for the merged {ResultStore.FileName} (or --runs DIR, which is then the default).");
            using var writer = StoreLock.Acquire(outDir, GapLabCli.CommandLine(parse));
            var merged = ResultStoreMerge.Merge(dirs, outDir, line => stderr.WriteLine($"gaplab: note: {line}"));
            foreach (var w in merged.Warnings) stderr.WriteLine($"gaplab: warning: {w}");
            stdout.WriteLine($"merged {merged.Stores.Count} result store(s): {merged.Runs} runs ({merged.DuplicatesDropped} duplicates dropped) -> {merged.StorePath}");
            stdout.WriteLine($"exported {merged.Runs} runs and {merged.EpochRows} epoch rows -> {merged.RunsCsv}, {merged.EpochsCsv}");
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }
}
