using System.Globalization;
using GapLab.Analysis;
using static GapLab.Cli.Tests.CliHarness;
using GapLab.IO;

namespace GapLab.Cli.Tests;

public class CorrelateCommandTests
{
    static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>
    /// A mixed population (2 mlp + 2 cnn, as the default suite mixes families) is correlated end to end: the family is a categorical
    /// axis, parameters are the union, and PARAMS' per-axis Psi is the sign agreement of the two models of each family (tau-a of 2 points).
    /// </summary>
    [Fact]
    public void MixedModelFamilies_AreCorrelatedOverTheUnionOfParameters()
    {
        var (dir, args) = SuiteRunInTempFolder("gaplab-correlate-", """
            { "name": "mixed", "models": ["mlp:depth=1,width=8", "mlp:depth=1,width=32", "cnn:blocks=1,bn=true,width=0.125", "cnn:blocks=1,bn=true,width=0.25"],
              "seeds": [0], "train_size": 200, "epochs": 1, "batch_size": 50, "learning_rate": 0.05 }
            """);
        var (code, stdout, err) = Gaplab(args.Where(a => a != "--no-weights").ToArray());
        Assert.True(code == 0, err + stdout);
        (code, stdout, err) = Gaplab("correlate", "--runs", dir, "--measures", "PARAMS,L2", "--resamples", "0", "--threads", "1");
        Assert.True(code == 0, err + stdout);

        var runs = CsvTable.Read(Path.Combine(dir, "runs.csv"));
        Assert.All(runs.Values("status"), s => Assert.Equal("completed", s));
        // the model column holds the normalised spec (defaults written out): look the runs up by family and width
        double Gap(string family, string width) => Num(runs.Rows.Single(r => r[runs.Column("model")].StartsWith(family + ":")
            && r[runs.Column("model")].EndsWith("width=" + width))[runs.Column("acc_gap")]);
        double Sign(double x) => Math.Sign(x);
        // PARAMS grows with width in both families
        double psiMlp = Sign(Gap("mlp", "32") - Gap("mlp", "8"));
        double psiCnn = Sign(Gap("cnn", "0.25") - Gap("cnn", "0.125"));

        var table = CsvTable.Read(Path.Combine(dir, "correlation.csv"));
        var row = table.Rows.Single(r => r[table.Column("measure")] == "PARAMS");
        Assert.Equal(4, int.Parse(row[table.Column("models")], CultureInfo.InvariantCulture));
        string perAxis = row[table.Column("psi_per_axis")];
        Assert.Contains(FormattableString.Invariant($"cnn.width={psiCnn}"), perAxis);
        Assert.Contains(FormattableString.Invariant($"mlp.width={psiMlp}"), perAxis);
        Assert.DoesNotContain("model=", perAxis); // no two members differ in the family alone
        Assert.Equal((psiMlp + psiCnn) / 2, Num(row[table.Column("psi")]), 12);
        Assert.True(double.IsFinite(Num(row[table.Column("cmi")])), string.Join(",", row));

        // the raw data regenerate the table: --from-measures reads runs.csv + measures.csv (no weights) and writes the same correlation.csv
        string before = File.ReadAllText(Path.Combine(dir, "correlation.csv"));
        foreach (var f in Directory.GetFiles(Path.Combine(dir, "models"))) File.Delete(f);
        (code, stdout, err) = Gaplab("correlate", "--runs", dir, "--from-measures", "--resamples", "0");
        Assert.True(code == 0, err + stdout);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "correlation.csv")));
        File.Delete(Path.Combine(dir, "measures.csv"));
        (code, _, err) = Gaplab("correlate", "--runs", dir, "--from-measures");
        Assert.Equal(2, code);
        Assert.Contains("--from-measures: no measures.csv in", err);
    }
}
