using GapLab.Training;
using GapLab.Store;

namespace GapLab.Suites;

/// <summary>Progress of a suite: which run of how many, and the trainer's event inside it (null between runs).</summary>
public sealed record SuiteProgress(int RunIndex, int RunCount, string RunId, TrainProgress? Train, RunRecord? Finished);
