namespace GapLab.Jobs;

/// <summary>
/// The jobs whose parameters are declared in Core, by their CLI command name (<c>gaplab measure</c>; the notebook's magic may be
/// named differently, <c>#!gaplab measures</c>). A test checks that both front ends offer exactly these parameters with these defaults.
/// </summary>
public static class JobCatalog
{
    public static IReadOnlyDictionary<string, IReadOnlyList<JobParameter>> Parameters { get; } = new Dictionary<string, IReadOnlyList<JobParameter>>
    {
        ["measure"] = MeasureJob.Parameters,
        ["testbed"] = TestbedJob.Parameters,
        ["correlate"] = CorrelateJob.Parameters,
        ["run"] = RunJob.Parameters,
        ["quality"] = QualityJob.Parameters,
        ["list"] = ListJob.Parameters,
    };
}
