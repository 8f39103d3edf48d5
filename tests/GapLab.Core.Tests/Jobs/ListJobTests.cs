using GapLab.Jobs;
using GapLab.Metrics.Complexity;
using GapLab.Quality;

namespace GapLab.Core.Tests.Jobs;

public class ListJobTests
{
    [Fact]
    public void Every_registry_is_listed_with_its_parameters_and_constants()
    {
        var models = ListJob.Entries("models");
        Assert.Equal(["mlp", "cnn", "nin", "resnet", "smallcnn"], models.Select(m => m.Name));
        var mlp = models[0];
        Assert.Equal("model family", mlp.Category);
        Assert.Equal("depth=2 (integer in [0, 64]): number of hidden layers; dropout=0 (real in [0, 0.99]): dropout probability after each hidden ReLU; " +
                     "width=512 (integer in [1, 1048576]): units per hidden layer", mlp.Details);

        var measures = ListJob.Entries("measures");
        Assert.Equal(MeasureCatalog.Names, measures.Select(m => m.Name));
        var margin = measures.Single(m => m.Name == "INVERSE_MARGIN");
        Assert.Equal(("F", "1 / gamma^2", "family InverseMarginMeasure; dataset-size adjusted; uses the margin"), (margin.Category, margin.Summary, margin.Details));
        Assert.Equal("family PacBayesMeasures; dataset-size adjusted; needs the initial weights", measures.Single(m => m.Name == "PACBAYES_INIT").Details);

        var gaussian = ListJob.Entries("corruptions", CorruptionSet.Cifar10CName).Single(c => c.Name == "gaussian_noise");
        Assert.Equal(("noise", "1: sigma=0.04; 2: sigma=0.06; 3: sigma=0.08; 4: sigma=0.09; 5: sigma=0.1"), (gaussian.Category, gaussian.Details));
        Assert.Equal(15, ListJob.Entries("corruptions").Count);

        Assert.Equal("needs --data DIR", ListJob.Entries("datasets").Single(d => d.Name == "mnist").Category);
        Assert.Equal(["default", "smoke", "widths", "pgdl", "pgdl-seeds"], ListJob.Entries("suites").Select(s => s.Name));
        Assert.StartsWith("models: cnn:blocks=2,bn=true,width=0.125", ListJob.Entries("testbeds")[0].Details);
        Assert.Equal("--what 'nosuch': unknown list; accepted: models, measures, corruptions, datasets, suites, testbeds.",
            Assert.Throws<ArgumentException>(() => ListJob.Entries("nosuch")).Message);
    }
}
