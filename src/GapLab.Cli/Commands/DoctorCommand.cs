using System.CommandLine;
using GapLab.Runtime;

namespace GapLab.Cli.Commands;

/// <summary><c>gaplab doctor</c>: versions, the libstdc++ work-around, CPU features, threads, CUDA and the kernel self-check.</summary>
internal static class DoctorCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var threads = new Option<int>("--threads") { Description = "Intra-op threads to check at (0 = libtorch's default).", DefaultValueFactory = _ => 0 };
        var cmd = new Command("doctor", "Check that libtorch computes correctly on this machine and show what GapLab runs on (versions, CPU, threads, CUDA).");
        cmd.Options.Add(threads);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            int n = parse.GetValue(threads);
            if (n < 0) throw new ArgumentException($"--threads {n} must be >= 0 (0 = libtorch default).");
            var report = DoctorReport.Collect(n);
            foreach (var line in report.ToLines()) stdout.WriteLine(line);
            return report.Survey.Any(s => s.Passed) ? GapLabCli.ExitOk : GapLabCli.ExitFailed;
        })));
        return cmd;
    }
}
