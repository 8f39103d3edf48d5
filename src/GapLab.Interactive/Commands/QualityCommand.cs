using GapLab.Data;
using GapLab.Interactive.Magic;
using GapLab.Jobs;
using GapLab.Models;
using GapLab.Quality;
using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab quality --model VAR [--data VAR] [...] --as NAME</c> with the parameters of <see cref="QualityJob"/> (as <c>gaplab quality</c>,
/// except that the model and data are variables): runs <see cref="QualityEvaluator"/> on the test split (default: the --dataset test set,
/// the embedded Fashion-MNIST one unless given) with live progress and returns the <see cref="QualityReport"/> (shown as a card with QUBA and charts). Stopping the cell
/// ends the evaluation at the next batch; the report then holds the finished dimensions and says it was cancelled.
/// </summary>
public static class QualityCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "quality",
        "Quality beyond accuracy of a model: adversarial, corruption and OOD robustness, calibration, class balance, parameters and QUBA.",
        [
            .. MagicParameterDescriptor.From(QualityJob.Parameters).Select(p => p.Name is "--model" or "--data" ? p with { Kind = MagicParameterKind.Identifier } : p),
            MagicParameterDescriptor.As("the QualityReport"),
        ]);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var request = QualityJob.Request(args);
        var modelName = args.GetRequiredString("--model");
        var dataName = args.GetString("--data");
        Dataset test;
        if (dataName is null) test = DatasetCatalog.Load(request.Dataset ?? EmbeddedFashionMnist.Name).Test;
        else
        {
            test = NotebookVariables.Data(context, dataName, train: false);
        }
        if (!test.IsImage) throw new ArgumentException($"--data '{dataName}' holds samples [{string.Join(",", test.SampleShape)}]; quality metrics need images [C,H,W].");

        var runtime = TorchEnvironment.Apply(new TorchSettings(request.Device, request.Threads, request.Seed));
        var input = InputShape.Of(test);
        var (module, label) = NotebookVariables.Model(context, modelName, input, "the test data");
        var device = TorchEnvironment.ResolveDevice(request.Device);
        var (subset, inputs) = QualityJob.Inputs(request, test, device);
        test = subset;
        var options = request.Options;

        string title = $"quality of {label} on {test.Name} ({test.Count} images)" + (options.Pgd.BudgetWarning is { } warning ? " - warning: " + warning : "");
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var report = await Task.Run(() =>
        {
            module.to(device);
            var (x, y) = test.ToTensors(device);
            try
            {
                return QualityEvaluator.Evaluate(label, module, x, y, options, inputs,
                    new ProgressSink<QualityProgress>(p => display.Update(ProgressView.Of(title, p), force: p.StageDone == p.StageTotal)), context.CancellationToken);
            }
            finally
            {
                x.Dispose();
                y.Dispose();
                QualityJob.DisposeInputs(inputs);
            }
        });
        string stored = "";
        if (args.GetString("--store") is { } storeDir && !report.Cancelled)
        {
            var (count, file) = QualityJob.Append(storeDir, report, request, QualityJob.Score(report, request), runtime, test, null, args.CommandLine);
            stored = $"; {count} rows appended to {file}";
        }
        display.Update(new ProgressView(title, report.Cancelled ? $"cancelled during {report.CancelledDuring}" : "completed",
            report.Cancelled ? 0 : 1, (report.Cancelled ? "the report holds the finished dimensions" : "") + stored), force: true);
        return report with { Dimensions = report.Dimensions.Where(d => request.Dimensions.Contains(d.Dimension)).ToList() };
    }
}
