using System.Text.Json;
using System.Text.Json.Serialization;

namespace GapLab.IO;

/// <summary>
/// Writes a non-finite double (NaN, +/-Inf, e.g. the statistics of a diverged model) as JSON <c>null</c> instead of failing
/// (System.Text.Json refuses them), and reads <c>null</c> back as NaN. For result files, not for configuration input.
/// </summary>
public sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }

    public override bool HandleNull => true;

    /// <summary>A copy of <paramref name="options"/> that writes non-finite doubles as null.</summary>
    public static JsonSerializerOptions With(JsonSerializerOptions options) =>
        new(options) { Converters = { new NonFiniteAsNullConverter() } };
}
