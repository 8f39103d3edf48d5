using Xunit.Abstractions;
using System.Text.RegularExpressions;
using GapLab.Tests.Shared;
using static GapLab.Cli.Tests.CliHarness;

namespace GapLab.Cli.Tests;

/// <summary>
/// Every <c>gaplab ...</c> example of README.md's bash blocks (and <c>dotnet run --project src/GapLab.Cli -- ...</c>, the same
/// command), in the order written, runs in process in one temporary folder and succeeds. Only the cost is shrunk, each time
/// through a documented option, so the whole walk stays near 2 minutes on 2 cores (see <see cref="Shrink"/>): the default and
/// pgdl suites become small populations, the testbed a tiny configuration file, the notebook its <c>quick=true</c> version.
/// Examples that need what the repository does not have are listed with the reason (<see cref="NotRunHere"/>); the test
/// fails if the README gains an example neither rule covers, and if a placeholder or optional part cannot be resolved.
/// </summary>
public class ReadmeExamplesTests(ITestOutputHelper output)
{
    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "README.md")) && File.Exists(Path.Combine(d.FullName, "Kernel.sln"))) return d.FullName;
        throw new InvalidOperationException("README.md not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The command lines of README.md's <c>```bash</c> blocks in order (comments dropped, <c>a &amp;&amp; b</c> split), with their line numbers.</summary>
    internal static List<(int Line, string Command)> BashCommands(string readme)
    {
        var commands = new List<(int, string)>();
        bool inBash = false;
        var lines = readme.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith("```", StringComparison.Ordinal)) { inBash = !inBash && line.Trim() == "```bash"; continue; }
            if (!inBash) continue;
            var code = StripComment(line).Trim();
            if (code.Length == 0) continue;
            foreach (var part in code.Split("&&", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                commands.Add((i + 1, part));
        }
        return commands;
    }

    static string StripComment(string line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == '#' && !quoted && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    /// <summary>Shell-like words: whitespace-separated, double quotes group and are removed.</summary>
    static List<string> Words(string command)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in command)
        {
            if (c == '"') { quoted = !quoted; any = true; }
            else if (char.IsWhiteSpace(c) && !quoted) { if (any) words.Add(current.ToString()); current.Clear(); any = false; }
            else { current.Append(c); any = true; }
        }
        if (any) words.Add(current.ToString());
        return words;
    }

    /// <summary>The gaplab arguments of a README command, or null when it is not a gaplab command.</summary>
    static List<string>? GaplabArgs(string command)
    {
        var w = Words(command);
        if (w.Count > 0 && w[0] == "gaplab") return w.Skip(1).ToList();
        if (w.Count > 3 && w[0] == "dotnet" && w[1] == "run" && w[2] == "--project" && w[3] == "src/GapLab.Cli" && w.IndexOf("--") is int dd and > 0)
            return w.Skip(dd + 1).ToList();
        return null;
    }

    /// <summary>Examples that are not run here, with the reason (matched on the command text).</summary>
    static readonly (string Contains, string Reason)[] NotRunHere =
    [
        ("dotnet test", "the test suite itself"),
        ("dotnet pack", "packaging: run by the packaging tests (GAPLAB_PACKAGING_TESTS=1, .ci/run)"),
        ("dotnet tool install", "packaging: run by the packaging tests (GAPLAB_PACKAGING_TESTS=1, .ci/run)"),
        ("dotnet run examples/report.cs", "a file-based app: run by the packaging tests (GAPLAB_PACKAGING_TESTS=1)"),
        ("export GAPLAB_LIBTORCH_DIR", "CUDA set-up: needs a CUDA PyTorch install"),
        ("export LD_LIBRARY_PATH", "CUDA set-up: needs a CUDA PyTorch install"),
        ("--device cuda", "needs an NVIDIA GPU and a CUDA libtorch (tests/GapLab.Core.Tests/Cuda run there)"),
        ("--dataset cifar10 --data /data/cifar10", "needs the CIFAR-10 binaries, a CIFAR model and CIFAR-10-C files, not in the repository (QualityCommandTests run the same options on generated files)"),
    ];

    /// <summary>
    /// The only changes made to a README example, all through documented options, to bound the cost:
    /// the default suite (12 runs, ~3.5 min) becomes <c>--suite smoke</c> (2 tiny MLPs, seconds);
    /// <c>--suite pgdl</c> (64 runs) becomes a 4-model, 1-epoch suite file (a correlation needs 3 or more models);
    /// <c>quality --weights</c> gets <c>--test-size 500</c> (a class-balanced quarter of the test set, ~25 s saved per example);
    /// <c>testbed --config fashion-mnist</c> becomes a 2-model, 2-class, 1-epoch configuration file;
    /// <c>notebook run</c> gets <c>--param quick=true</c> (every notebook's seconds-long version) and the notebook's path in the checkout.
    /// </summary>
    static List<string> Shrink(List<string> args, string work, string repo)
    {
        var a = new List<string>(args);
        string sub = a[0];
        if (sub == "run")
        {
            int s = a.IndexOf("--suite");
            if (s < 0) a.AddRange(["--suite", "smoke"]);
            else if (a[s + 1] == "pgdl") a[s + 1] = Path.Combine(work, "pgdl-small.json");
        }
        if (sub == "testbed" && a.IndexOf("--config") is int c and >= 0 && a[c + 1] == "fashion-mnist") a[c + 1] = Path.Combine(work, "testbed-tiny.json");
        if (sub == "quality" && a.Contains("--weights") && !a.Contains("--test-size")) a.AddRange(["--test-size", "500"]);
        if (sub == "notebook")
        {
            for (int i = 0; i < a.Count; i++) if (a[i].EndsWith(".ipynb", StringComparison.Ordinal)) a[i] = Path.Combine(repo, a[i]);
            a.AddRange(["--param", "quick=true"]);
        }
        return a;
    }

    /// <summary>Drops <c>[optional parts]</c> (usage syntax) and fills <c>&lt;run&gt;</c> with the first model saved under runs/models.</summary>
    static List<string> Resolve(List<string> args, string work)
    {
        var a = new List<string>();
        int depth = 0;
        foreach (var w in args)
        {
            if (w.StartsWith('[')) depth++;
            if (depth == 0) a.Add(w);
            if (w.EndsWith(']')) depth--;
        }
        for (int i = 0; i < a.Count; i++)
            if (a[i].Contains("<run>", StringComparison.Ordinal))
            {
                var first = Directory.GetFiles(Path.Combine(work, "runs", "models"), "*.safetensors")
                    .Where(f => !f.EndsWith(".init.safetensors", StringComparison.Ordinal)).Order(StringComparer.Ordinal).First();
                a[i] = a[i].Replace("<run>", Path.GetFileName(first)[..^".safetensors".Length], StringComparison.Ordinal);
            }
        return a;
    }

    [RequiresFact(Requirement.Linux)] // the README is written for Linux (paths, shell); the CUDA examples are skipped by NotRunHere
    public void Every_README_example_runs_in_the_order_written()
    {
        var repo = RepoRoot();
        var commands = BashCommands(File.ReadAllText(Path.Combine(repo, "README.md")));
        Assert.True(commands.Count >= 20, $"only {commands.Count} commands found in README.md's bash blocks");
        var work = Directory.CreateTempSubdirectory("gaplab-readme-").FullName;
        File.WriteAllText(Path.Combine(work, "pgdl-small.json"), """
            { "name": "pgdl-small", "models": ["mlp:depth=1,width=8", "mlp:depth=1,width=16", "mlp:depth=1,width=32", "mlp:depth=1,width=64"],
              "seeds": [0], "train_size": 500, "epochs": 1, "batch_size": 50, "learning_rate": 0.05 }
            """);
        File.WriteAllText(Path.Combine(work, "testbed-tiny.json"), """
            { "name": "tiny", "models": ["mlp:depth=1,width=16", "mlp:depth=1,width=32"], "unseen_order": [5], "unseen_counts": [0, 1],
              "ssim_levels": [1.0, 0.8], "train_per_class": 20, "test_per_class": 10, "epochs": 1, "probe_epochs": 1,
              "trade_off": { "grid_points": 11 } }
            """);
        var log = new System.Text.StringBuilder();
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = work;
        try
        {
            bool measured = false, joinChecked = false;
            int ran = 0;
            foreach (var (line, command) in commands)
            {
                if (NotRunHere.FirstOrDefault(n => command.Contains(n.Contains, StringComparison.Ordinal)) is { Contains: not null } skip)
                {
                    log.AppendLine($"README:{line} not run ({skip.Reason}): {command}");
                    continue;
                }
                var raw = GaplabArgs(command);
                Assert.True(raw is not null, $"README:{line}: '{command}' is neither a gaplab command nor listed in NotRunHere");
                var args = Shrink(Resolve(raw!, work), work, repo);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var (code, stdout, err) = Gaplab([.. args]);
                log.AppendLine($"README:{line} exit {code} in {clock.Elapsed.TotalSeconds:F1} s: gaplab {string.Join(' ', args)}");
                // the README says: compare exits 1 on a regression beyond tolerance (its second evaluation is on rotated images)
                bool regression = args is ["benchmark", "compare", ..] && code == 1 && stdout.Contains("regress", StringComparison.OrdinalIgnoreCase);
                Assert.True(code == 0 || regression, $"README:{line}: gaplab {string.Join(' ', args)} exited {code}\n{err}\n{stdout}\n--- so far:\n{log}");
                Assert.DoesNotMatch(new Regex(@"^\s+at ", RegexOptions.Multiline), err);
                ran++;
                if (args[0] == "measure" && args.Contains("--store")) measured = true;
                if (args is ["store", "sql", var q, ..] && q.Contains("JOIN measures", StringComparison.Ordinal))
                {
                    Assert.True(measured, $"README:{line}: the JOIN example comes before the measure example that fills it");
                    var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    Assert.True(rows.Length > 20, $"README:{line}: the JOIN returned {rows.Length - 1} rows:\n{stdout}");
                    Assert.Equal("model,measure,value", rows[0].Trim());
                    joinChecked = true;
                }
            }
            Assert.True(joinChecked, "the README's store sql JOIN example was not found");
            Assert.True(ran >= 18, $"only {ran} examples ran:\n{log}");
            Assert.True(File.Exists(Path.Combine(work, "runs", "export", "runs.parquet")), "store export wrote no runs.parquet");
            Assert.True(File.Exists(Path.Combine(work, "quickstart.html")), "notebook run wrote no quickstart.html");
            output.WriteLine(log.ToString());
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}
