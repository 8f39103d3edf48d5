using System.Text.Json;
using GapLab.Interactive.Magic;

namespace GapLab.Interactive.Tests;

public class MagicCommandRegistryTests
{
    sealed record Echo(string Text, long Times, double Rate, string Mode, bool Twice = false);

    static MagicCommandRegistry Registry()
    {
        var r = new MagicCommandRegistry();
        r.Register(new MagicCommandDescriptor("echo", "Repeats text.",
            [
                new("--text", "What to say.", Required: true),
                new("--times", "How often.", DefaultValue: "1", Kind: MagicParameterKind.Integer),
                new("--learning-rate", "A number.", DefaultValue: "0.5", Kind: MagicParameterKind.Number),
                MagicParameterDescriptor.Choice("--mode", "Style.", ["loud", "quiet"], defaultValue: "quiet"),
                MagicParameterDescriptor.As("the echo"),
                MagicParameterDescriptor.Flag("--twice", "Say it twice."),
            ]),
            (a, _) => Task.FromResult<object?>(new Echo(a.GetRequiredString("--text"), a.GetInt64("--times")!.Value, a.GetDouble("--learning-rate")!.Value, a.GetRequiredString("--mode"), a.GetFlag("--twice"))));
        r.Register(new MagicCommandDescriptor("boom", "Fails.", [new("--why", "Message.")]),
            (a, _) => throw new ArgumentException($"cannot do '{a.GetString("--why")}'"));
        return r;
    }

    static Dictionary<string, string?> Args(params (string, string?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public async Task Valid_call_fills_defaults_displays_and_binds_the_result()
    {
        var ctx = new RecordingMagicContext();
        var result = await Registry().InvokeAsync("echo", Args(("--text", "hi"), ("--times", "3"), ("--as", "e")), ctx);
        Assert.True(result.Succeeded, result.Error);
        var expected = new Echo("hi", 3, 0.5, "quiet");
        Assert.Equal(expected, result.Value);
        Assert.Equal([expected], ctx.Displayed);
        Assert.Equal((expected, typeof(Echo)), ctx.Variables["e"]);
        Assert.Equal("e", result.BoundVariable);
    }

    [Theory]
    [InlineData("--speed", "1", "#!gaplab echo: unknown parameter '--speed'; accepted: --text, --times, --learning-rate, --mode, --as, --twice, --with.")]
    [InlineData("--twice", "yes", "#!gaplab echo: --twice is a switch and takes no value; got 'yes'.")]
    [InlineData("--times", "three", "#!gaplab echo: --times 'three' is not a whole number (e.g. 1).")]
    [InlineData("--learning-rate", "fast", "#!gaplab echo: --learning-rate 'fast' is not a finite number (e.g. 0.5).")]
    [InlineData("--mode", "LOUD", "#!gaplab echo: --mode 'LOUD' is not accepted; use one of: loud, quiet.")]
    [InlineData("--as", "2x", "#!gaplab echo: --as '2x' is not a C# variable name (a letter or _ then letters, digits or _).")]
    public async Task Bad_argument_gives_one_line_error_naming_the_value_and_what_is_accepted(string name, string value, string message)
    {
        var ctx = new RecordingMagicContext();
        ctx.Variables["keep"] = (42, typeof(int));
        var result = await Registry().InvokeAsync("echo", Args(("--text", "hi"), (name, value)), ctx);
        Assert.False(result.Succeeded);
        Assert.Equal(message, result.Error);
        Assert.DoesNotContain('\n', result.Error!);
        Assert.Empty(ctx.Displayed);
        Assert.Equal(42, ctx.Variables["keep"].Value); // nothing already there is lost
    }

    [Fact]
    public async Task Missing_required_parameter_and_unknown_subcommand_are_reported()
    {
        var registry = Registry();
        var missing = await registry.InvokeAsync("echo", Args(), new RecordingMagicContext());
        Assert.Equal("#!gaplab echo: missing required parameter --text (What to say.).", missing.Error);
        var unknown = await registry.InvokeAsync("ecko", Args(), new RecordingMagicContext());
        Assert.Equal("#!gaplab: unknown subcommand 'ecko'; use one of: echo, boom.", unknown.Error);
    }

    [Fact]
    public async Task Handler_argument_exception_becomes_an_error_result()
    {
        var result = await Registry().InvokeAsync("boom", Args(("--why", "x")), new RecordingMagicContext());
        Assert.Equal("#!gaplab boom: cannot do 'x'", result.Error);
    }

    [Fact]
    public async Task Failed_binding_keeps_the_computed_value_displayed_and_in_LastResult()
    {
        var registry = Registry();
        var ctx = new RecordingMagicContext { RejectVariableWith = "kernel busy" };
        var result = await registry.InvokeAsync("echo", Args(("--text", "hi"), ("--as", "e")), ctx);
        Assert.False(result.Succeeded);
        Assert.Contains("could not be stored in 'e' (kernel busy)", result.Error);
        Assert.Equal(new Echo("hi", 1, 0.5, "quiet"), result.Value);
        Assert.Single(ctx.Displayed);
        Assert.Same(result, registry.LastResult);
    }

    [Fact]
    public async Task Cancelled_cell_stops_before_the_handler()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var result = await Registry().InvokeAsync("echo", Args(("--text", "hi")), new RecordingMagicContext { CancellationToken = cts.Token });
        Assert.Equal("#!gaplab echo: cancelled.", result.Error);
    }

    [Fact]
    public async Task Directive_json_binds_camel_case_properties_back_to_parameters()
    {
        // What the kernel deserializes for: #!gaplab echo --text "a b" --learning-rate 0.25 --mode loud --as e
        var json = """{"text":"a b","learningRate":"0.25","mode":"loud","as":"e","twice":true,"targetKernelName":null}""";
        var properties = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        var ctx = new RecordingMagicContext();
        var result = await Registry().InvokeDirectiveAsync("#!gaplab echo", properties, ctx);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(new Echo("a b", 1, 0.25, "loud", Twice: true), ctx.Variables["e"].Value);
    }

    [Theory]
    [InlineData("#!gaplab echo --text hi", null)]
    [InlineData("#!gaplab echo --text @csharp:t --times 2 --as e", null)]
    [InlineData("#!gaplab nosuch --text hi", "#!gaplab: unknown subcommand 'nosuch'; use one of: echo, boom.")]
    [InlineData("#!gaplab echo --text hi --frobnicate 3", "#!gaplab echo: unknown parameter '--frobnicate'; accepted: --text, --times, --learning-rate, --mode, --as, --twice, --with.")]
    [InlineData("#!gaplab echo --text @csharp:t --times @csharp:n", "#!gaplab echo: --text and --times take @csharp: values; the kernel binds a line with two or more of them to null after asking for input: keep one per line and pass the others with --with @csharp:SETTINGS (e.g. var settings = new { TrainSize = 400, TestSize = 300 };).")]
    public void CheckLine_finds_what_the_kernel_drops_before_the_handler(string line, string? error)
    {
        Assert.Equal(error, Registry().CheckLine(line));
    }

    [Fact]
    public async Task Raw_line_with_an_unknown_parameter_fails_although_the_kernel_bound_only_the_known_ones()
    {
        // The kernel drops --frobnicate and binds {"text":"hi"}: only the raw line shows the mistake.
        var properties = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"text":"hi"}""")!;
        var ctx = new RecordingMagicContext();
        var result = await Registry().InvokeDirectiveAsync("#!gaplab echo", properties, ctx, "#!gaplab echo --text hi --frobnicate 3");
        Assert.False(result.Succeeded);
        Assert.StartsWith("#!gaplab echo: unknown parameter '--frobnicate'; accepted: --text,", result.Error);
        Assert.Empty(ctx.Displayed);
        // and an unknown subcommand reaches the root handler as a bare #!gaplab: no help, an error
        result = await Registry().InvokeDirectiveAsync("#!gaplab", null, ctx, "#!gaplab nosuch");
        Assert.Equal("#!gaplab: unknown subcommand 'nosuch'; use one of: echo, boom.", result.Error);
        Assert.Empty(ctx.Displayed);
    }

    [Fact]
    public async Task A_null_bound_value_is_refused_naming_the_cause_instead_of_falling_back_to_the_default()
    {
        // What the kernel binds after its input form for a line with two @csharp: values, or for a null variable.
        var properties = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"text":"hi","times":null}""")!;
        var ctx = new RecordingMagicContext();
        var result = await Registry().InvokeDirectiveAsync("#!gaplab echo", properties, ctx);
        Assert.False(result.Succeeded);
        Assert.StartsWith("#!gaplab echo: --times arrived as null: its @csharp: value is null, or the line has two or more @csharp: values", result.Error);
        Assert.Contains("--with @csharp:SETTINGS", result.Error);
        Assert.DoesNotContain('\n', result.Error!);
        Assert.Empty(ctx.Displayed);
    }

    [Theory]
    [InlineData("{ Times = 3, LearningRate = 0.25 }")]                      // anonymous object, as the kernel hands it over
    [InlineData("Settings { Times = 3, LearningRate = 0.25 }")]             // record
    [InlineData("""{"times":3,"learning-rate":"0.25"}""")]                   // JSON
    public async Task With_passes_several_values_as_one_object(string settings)
    {
        var ctx = new RecordingMagicContext();
        var result = await Registry().InvokeAsync("echo", Args(("--text", "hi"), ("--with", settings), ("--as", "e")), ctx);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(new Echo("hi", 3, 0.25, "quiet"), ctx.Variables["e"].Value);
    }

    [Theory]
    [InlineData("{ Speed = 3 }", "#!gaplab echo: --with: unknown property 'Speed'; accepted: Text, Times, LearningRate, Mode, As, Twice.")]
    [InlineData("{ Text = bye }", "#!gaplab echo: --with: 'Text' sets --text, which the line gives too; give it once.")]
    [InlineData("""{"times":null}""", "#!gaplab echo: --with: 'times' is null; give it a value or leave it out.")]
    [InlineData("300", "#!gaplab echo: --with '300' is not an object; give it a C# object, e.g. var settings = new { TrainSize = 400 }; then --with @csharp:settings.")]
    [InlineData("{ Times = three }", "#!gaplab echo: --times 'three' is not a whole number (e.g. 1).")]
    public async Task With_rejects_what_it_cannot_use_with_one_line(string settings, string error)
    {
        var ctx = new RecordingMagicContext();
        var result = await Registry().InvokeAsync("echo", Args(("--text", "hi"), ("--with", settings)), ctx);
        Assert.Equal(error, result.Error);
        Assert.Empty(ctx.Displayed);
    }

    [Fact]
    public async Task Bare_root_directive_displays_help_for_every_subcommand()
    {
        var ctx = new RecordingMagicContext();
        var result = await Registry().InvokeDirectiveAsync("#!gaplab", null, ctx);
        var help = Assert.IsType<MagicHelp>(Assert.Single(ctx.Displayed));
        Assert.Contains("#!gaplab echo --text VALUE [--times 1] [--learning-rate 0.5] [--mode loud|quiet] [--as NAME] [--twice] [--with VALUE]", help.Text);
        Assert.Contains("#!gaplab boom [--why VALUE]", help.Text);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Registration_rejects_duplicates_and_malformed_parameters()
    {
        var r = Registry();
        MagicHandler h = (_, _) => Task.FromResult<object?>(null);
        Assert.Contains("already registered", Assert.Throws<ArgumentException>(() => r.Register(new("echo", "", []), h)).Message);
        Assert.Contains("must look like --name", Assert.Throws<ArgumentException>(() => r.Register(new("x", "", [new("-x", "")]), h)).Message);
        Assert.Contains("needs its accepted values", Assert.Throws<ArgumentException>(() =>
            r.Register(new("y", "", [new("--y", "", Kind: MagicParameterKind.Choice)]), h)).Message);
    }

    [Theory]
    [InlineData("--as", "as")]
    [InlineData("--max-epochs", "maxEpochs")]
    [InlineData("--label-noise-rate", "labelNoiseRate")]
    public void Camel_case_names_follow_the_kernel_rule(string parameter, string property) =>
        Assert.Equal(property, MagicNames.ToCamelCase(parameter));

    [Fact]
    public void A_variable_of_an_FSharp_union_case_is_declared_with_the_union_type()
    {
        // Plotly.NET's charts are GenericChart+Chart objects: the kernel cannot declare that nested case class, it can GenericChart
        var chart = Charts.GapCurves([new(1, 0.2, 0.3), new(2, 0.1, 0.25)]);
        Assert.NotEqual(typeof(Plotly.NET.GenericChart), chart.GetType());
        Assert.Equal(typeof(Plotly.NET.GenericChart), VariableType.Of(chart.GetType()));
        Assert.Equal(typeof(Dictionary<string, double>), VariableType.Of(typeof(Dictionary<string, double>)));
        Assert.Equal(typeof(Echo), VariableType.Of(typeof(Echo)));   // nested, but not in a type it derives from
    }
}
