using System.Diagnostics;

namespace GapLab.Runtime.SelfCheck;

/// <summary>How one kernel configuration fared on every probe (for <c>gaplab doctor</c>): passed or not, its first failure, its time.</summary>
public sealed record ConfigurationSurvey(string Configuration, string Description, bool Passed, ProbeFailure? FirstFailure, int FailedParts, double Seconds);

/// <summary>Runs every probe under every configuration (unlike the start-up check, which stops at the first that passes).</summary>
public static class KernelSurvey
{
    /// <summary>Surveys each configuration, then restores the one the start-up check chose.</summary>
    public static IReadOnlyList<ConfigurationSurvey> Run(IReadOnlyList<KernelProbe>? probes = null)
    {
        probes ??= BuiltInProbes.All;
        var chosen = KernelSelfCheck.EnsureChecked();
        var surveys = new List<ConfigurationSurvey>();
        try
        {
            foreach (var configuration in KernelConfiguration.All)
            {
                if (!LibTorchContext.Available && !configuration.OneDnn) continue;
                configuration.Apply();
                var clock = Stopwatch.StartNew();
                var failures = KernelSelfCheck.Failures(configuration, probes, stopAtFirstFailure: false);
                surveys.Add(new ConfigurationSurvey(configuration.Name, configuration.Description, failures.Count == 0, failures.FirstOrDefault(),
                    failures.Count, clock.Elapsed.TotalSeconds));
            }
        }
        finally
        {
            KernelConfiguration.Parse(chosen.Configuration).Apply();
        }
        return surveys;
    }
}
