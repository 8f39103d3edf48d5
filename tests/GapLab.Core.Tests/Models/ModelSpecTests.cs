using System.Globalization;
using GapLab.Models;

namespace GapLab.Core.Tests.Models;

public class ModelSpecTests
{
    [Fact]
    public void Parse_reads_name_and_parameters_and_prints_them_sorted()
    {
        var spec = ModelSpec.Parse(" MLP: width = 512 , Depth=2 ");
        Assert.Equal("mlp", spec.Name);
        Assert.Equal(new[] { "depth", "width" }, spec.Parameters.Keys);
        Assert.Equal("512", spec.Parameters["width"]);
        Assert.Equal("mlp:depth=2,width=512", spec.ToString());
        Assert.Equal(spec, ModelSpec.Parse(spec.ToString()));
        Assert.Equal("resnet", ModelSpec.Parse("resnet").ToString());
    }

    [Theory]
    [InlineData("resnet", "resnet:depth=20,width=1")]
    [InlineData("cnn:width=1.0", "cnn:blocks=3,bn=false,dropout=0,width=1")]
    [InlineData("cnn:width=.50,bn=1", "cnn:blocks=3,bn=true,dropout=0,width=0.5")]
    [InlineData("mlp:width=64", "mlp:depth=2,dropout=0,width=64")]
    [InlineData("nin:bn=False,dropout=0.250", "nin:bn=false,depth=3,dropout=0.25,kernel=3,width=96")]
    public void Canonicalize_fills_defaults_and_normalises_numbers(string given, string canonical)
    {
        Assert.Equal(canonical, ModelRegistry.Canonicalize(given));
        Assert.Equal(canonical, ModelRegistry.Canonicalize(canonical));
    }

    [Fact]
    public void Canonical_form_does_not_depend_on_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("cnn:blocks=3,bn=false,dropout=0.1,width=0.5", ModelRegistry.Canonicalize("cnn:width=0.5,dropout=0.1"));
            Assert.Equal("mlp:depth=2,width=7", ModelSpec.Parse("mlp").With("width", 7).With("depth", 2).ToString());
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("mlp:depth", "'depth'")]
    [InlineData("mlp:depth=2,,width=3", "empty parameter")]
    [InlineData("mlp:depth=2,", "empty parameter")]
    [InlineData("mlp:depth=2,depth=3", "'depth' is given twice")]
    [InlineData("mlp:", "nothing after ':'")]
    [InlineData("m lp:depth=2", "'m lp'")]
    [InlineData("mlp:de pth=2", "'de pth'")]
    [InlineData("mlp:depth=", "value ''")]
    [InlineData("mlp:depth=2;width=3", "'2;width=3'")]
    public void Malformed_specs_throw_FormatException_naming_the_bad_part(string text, string part)
    {
        var ex = Assert.Throws<FormatException>(() => ModelSpec.Parse(text));
        Assert.Contains(part, ex.Message);
        Assert.False(ModelSpec.TryParse(text, out _));
    }

    [Fact]
    public void Unknown_parameter_lists_the_accepted_parameters_of_that_model()
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelRegistry.Canonicalize("mlp:depthh=3"));
        Assert.Contains("'depthh'", ex.Message);
        foreach (var p in new[] { "depth=2", "dropout=0", "width=512" }) Assert.Contains(p, ex.Message);
    }

    [Fact]
    public void Unknown_model_lists_the_known_models()
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelRegistry.Canonicalize("transformer:depth=2"));
        Assert.Contains("'transformer'", ex.Message);
        Assert.Contains("mlp, cnn, nin, resnet", ex.Message);
    }

    [Fact]
    public void Values_of_the_wrong_type_or_range_are_rejected_with_the_parameter_named()
    {
        var type = Assert.Throws<FormatException>(() => ModelRegistry.Canonicalize("mlp:depth=two"));
        Assert.Contains("'depth'", type.Message);
        Assert.Contains("'two'", type.Message);
        Assert.Throws<FormatException>(() => ModelRegistry.Canonicalize("mlp:width=512.5"));
        Assert.Throws<FormatException>(() => ModelRegistry.Canonicalize("cnn:bn=maybe"));
        var range = Assert.Throws<ArgumentException>(() => ModelRegistry.Canonicalize("mlp:dropout=1.5"));
        Assert.Contains("[0, 0.99]", range.Message);
    }

    [Fact]
    public void Registry_names_every_model_with_defaults_that_are_canonical()
    {
        Assert.Equal(new[] { "mlp", "cnn", "nin", "resnet", "smallcnn" }, ModelRegistry.Names.Select(n => n.Name));
        foreach (var info in ModelRegistry.Names)
        {
            Assert.False(string.IsNullOrWhiteSpace(info.Description));
            Assert.Equal(info.DefaultSpec, ModelRegistry.Canonicalize(info.Name));
        }
        Assert.Equal("mlp:depth=2,dropout=0,width=512", ModelRegistry.Info("mlp").DefaultSpec);
    }
}
