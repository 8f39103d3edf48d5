#!/usr/bin/env -S dotnet run
// A GapLab report from a .NET 10 file-based app: trains two tiny MLPs on a subsample of the embedded Fashion-MNIST,
// then writes out/report.html (gap curves, gap vs size, a DataFrame of the epochs, provenance; out/ is git-ignored).
// Run from the repository root:  dotnet run examples/report.cs [-- OUT.html]
#:project ../src/GapLab.Interactive/GapLab.Interactive.csproj
#:property PublishAot=false
#:property TreatWarningsAsErrors=true

using GapLab.Analysis;
using GapLab.Data;
using GapLab.Interactive;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Reports;
using GapLab.Metrics;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Training;
using GapLab.IO;

var outPath = args.Length > 0 ? args[0] : Path.Combine("out", "report.html");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
var report = new HtmlReport("GapLab: a tiny generalization-gap report",
    new ReportProvenance("dotnet run examples/report.cs" + string.Concat(args.Select(a => " " + a))));
report.Add(TorchEnvironment.Apply(new TorchSettings("cpu", Threads: 2, Seed: 0)));   // device, threads, seed -> provenance

var full = DatasetCatalog.Load(EmbeddedFashionMnist.Name);
var data = new DatasetSplit(Subsample.Stratified(full.Train, 600, seed: 0), Subsample.Stratified(full.Test, 300, seed: 0));
report.AddMarkdown($"""
    Two MLPs trained for 4 epochs on **{data.Train.Count}** training and **{data.Test.Count}** test images of
    `{data.Name}` (class-balanced subsamples). The gap is train accuracy minus test accuracy.
    """);
report.Add(data);                                                                        // dataset card + fingerprints

var options = new TrainOptions { Epochs = 4, BatchSize = 64, LearningRate = 0.05, Seed = 1, Device = "cpu" };
report.Provenance.AddSeed("training", options.Seed);
var sizes = new List<GapSizePoint>();
var epochs = new List<(string Model, EpochRecord Epoch)>();
foreach (var spec in new[] { "mlp:depth=1,width=16", "mlp:depth=1,width=128" })
{
    TorchEnvironment.Seed(options.Seed);
    using var model = ModelRegistry.Create(spec, InputShape.Of(data.Train));
    var result = Trainer.Train(model.Module, data.Train, data.Test, options);
    var gap = GeneralizationGap.Final(result);
    Console.WriteLine($"{spec,-24} {model.ParameterCount,8:N0} params  train {gap.TrainAccuracy:P1}  test {gap.TestAccuracy:P1}  gap {gap.AccuracyGap:P1}");
    report.AddHeading(spec).Add(gap).Add(Charts.GapCurves(GapCommand.Curve(result), title: $"{spec}: error by epoch"));
    sizes.Add(new GapSizePoint(spec, model.ParameterCount, gap.AccuracyGap));
    epochs.AddRange(result.Epochs.Select(e => (spec, e)));
}

report.AddHeading("Gap vs model size").Add(Charts.GapVsModelSize(sizes));
report.AddHeading("Every epoch").Add(RecordFrame.ToDataFrame(epochs.Select(e => new EpochRow(e.Model, e.Epoch.Epoch,
    e.Epoch.TrainAccuracy, e.Epoch.TestAccuracy, e.Epoch.TrainAccuracy - e.Epoch.TestAccuracy))));
Console.WriteLine($"report: {report.Save(outPath)} (plotly.js: {PlotlyScript.Default.Origin})");

/// <summary>One row of the epochs table.</summary>
record EpochRow(string Model, int Epoch, double TrainAccuracy, double TestAccuracy, double AccuracyGap);
