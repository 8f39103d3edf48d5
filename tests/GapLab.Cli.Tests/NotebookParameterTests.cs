using System.Text.RegularExpressions;
using GapLab.Cli.Notebooks;
using static GapLab.Cli.Tests.NotebookCommandTests;

namespace GapLab.Cli.Tests;

/// <summary><c>gaplab notebook run --param name=value</c> and <c>@csharp:NAME</c> values in magic lines.</summary>
public class NotebookParameterTests
{
    static (int Code, string Out, string Err) Gaplab(params string[] args) => CliHarness.Gaplab(args);

    const string ParametersCell = "// parameters\nint n = 2;\nstring who = \"a\";\nvar flag = false;\ndouble rate = 0.5;";

    [Fact]
    public void Param_values_override_the_defaults_after_the_parameters_cell_and_are_recorded_in_the_provenance()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-param-").FullName;
        var nb = Notebook(dir, "# Params", ParametersCell, "$\"{who}|{n * 10}|{flag}|{rate * 2}\"",
            "#!gaplab model --spec mlp:depth=1,width=8 --seed @csharp:n --as m", "m.Spec");
        var report = Path.Combine(dir, "r.html");
        var (code, stdout, err) = Gaplab("notebook", "run", nb, "--out", report, "--param", "n=5", "who=b\"c", "--param", "flag=true", "rate=1.25");
        Assert.True(code == 0, stdout + err);
        Assert.Contains("parameters n=5, who=b\"c, flag=true, rate=1.25", stdout);
        var html = File.ReadAllText(report);
        Assert.Contains("<pre>b&quot;c|50|True|2.5</pre>", html);
        Assert.Contains("<td>parameters</td><td>n=5, who=b&quot;c, flag=true, rate=1.25</td>", html);
        Assert.Contains("// injected parameters (gaplab notebook run --param)\nn = 5;\nwho = &quot;b\\&quot;c&quot;;\nflag = true;\nrate = 1.25d;", html);
        Assert.Contains("<pre>mlp:depth=1,dropout=0,width=8</pre>", html);
        Assert.Contains("<td>status</td><td>all 6 cells ran</td>", html); // 5 + the injected one
        // without --param the defaults hold and no parameters row is shown
        Assert.Equal(0, Gaplab("notebook", "run", nb, "--out", report).Code);
        html = File.ReadAllText(report);
        Assert.Contains("<pre>a|20|False|1</pre>", html);
        Assert.DoesNotContain("<td>parameters</td>", html);
    }

    [Fact]
    public void Unknown_names_and_ill_typed_values_are_one_line_errors_naming_what_is_accepted()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-param-").FullName;
        var nb = Notebook(dir, ParametersCell, "n");
        var (code, _, err) = Gaplab("notebook", "run", nb, "--param", "size=3", "--param", "n=1");
        Assert.Equal(2, code);
        Assert.Equal($"gaplab: --param 'size': not a parameter of '{nb}'; known: n, who, flag, rate.", err.Trim());
        Assert.Equal("gaplab: --param n=x: n is declared int; accepted a whole number.", Gaplab("notebook", "run", nb, "--param", "n=x").Err.Trim());
        Assert.Equal("gaplab: --param flag=yes: flag is declared bool; accepted true or false.", Gaplab("notebook", "run", nb, "--param", "flag=yes").Err.Trim());
        Assert.Equal("gaplab: --param 'quick' is not name=value (e.g. --param quick=true).", Gaplab("notebook", "run", nb, "--param", "quick").Err.Trim());
        var plain = Notebook(Directory.CreateTempSubdirectory("gaplab-nb-param-").FullName, "int n = 2;");
        Assert.Equal($"gaplab: --param: notebook '{plain}' has no parameters cell (a code cell tagged \"parameters\" in its metadata, or starting with '// parameters').",
            Gaplab("notebook", "run", plain, "--param", "n=1").Err.Trim());
    }

    [Fact]
    public void A_cell_tagged_parameters_is_found_before_a_marker_comment_and_its_declarations_are_typed()
    {
        var doc = new NotebookDocument("x.ipynb",
        [
            new NotebookCell(1, "code", "csharp", "// parameters\nint ignored = 1;"),
            new NotebookCell(2, "code", "csharp", "long big = 3L; float f = 1f, g = 2f; var s = @\"x\"; var e = Math.PI;", ["parameters"]),
            new NotebookCell(3, "code", "csharp", "big"),
        ], ".net-csharp");
        var cell = NotebookParameters.FindCell(doc);
        Assert.Equal(2, cell!.Index);
        Assert.Equal(["big:long:3L", "f:float:1f", "g:float:2f", "s:string:@\"x\"", "e:expression:Math.PI"],
            NotebookParameters.Declared(cell).Select(p => $"{p.Name}:{p.Type}:{p.Initializer}").ToArray());
        var injected = NotebookParameters.Inject(doc, new Dictionary<string, string> { ["e"] = "Math.E", ["big"] = "7" });
        Assert.Equal([1, 2, 3, 4], injected.Cells.Select(c => c.Index).ToArray());
        Assert.True(injected.Cells[2].HasTag(NotebookParameters.InjectedTag));
        Assert.Equal("// injected parameters (gaplab notebook run --param)\ne = Math.E;\nbig = 7L;", injected.Cells[2].Source);
        Assert.Equal("big", injected.Cells[3].Source);
    }

    [Fact]
    public void A_csharp_value_reference_to_an_undefined_variable_fails_the_cell_with_its_name()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nb-param-").FullName;
        var nb = Notebook(dir, "#!gaplab model --spec mlp:depth=1,width=8 --seed @csharp:nope --as m");
        var (code, stdout, _) = Gaplab("notebook", "run", nb, "--out", Path.Combine(dir, "r.html"));
        Assert.Equal(1, code);
        // the kernel's own binding of @csharp: values answers (gaplab notebook run runs the released C# kernel)
        Assert.Contains("FAILED: (1,50): error DNI202: Value 'nope' not found in kernel csharp", stdout);
    }
}
