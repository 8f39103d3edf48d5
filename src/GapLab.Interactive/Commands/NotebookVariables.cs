using GapLab.Data;
using GapLab.Interactive.Magic;
using GapLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Interactive.Commands;

/// <summary>Reads typed notebook variables named by a parameter, with one-line errors naming the variable and the expected types.</summary>
public static class NotebookVariables
{
    /// <summary>
    /// The value of the variable <paramref name="name"/> (given with <paramref name="parameter"/>);
    /// <paramref name="hint"/> says how to create it (for the message).
    /// </summary>
    public static object Get(IMagicContext context, string parameter, string name, string hint)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.TryGetVariable(name, out var value) || value is null)
            throw new ArgumentException($"{parameter} '{name}': no such variable in the C# kernel; create it first ({hint}).");
        return value;
    }

    /// <summary>The error for a variable of the wrong type.</summary>
    public static ArgumentException WrongType(string parameter, string name, object value, string expected) =>
        new($"{parameter} '{name}' is a {value.GetType().Name}; expected {expected}.");

    /// <summary>
    /// The model named by --model: a <see cref="BuiltModel"/> (its module and spec; refused when it was built for another input than
    /// <paramref name="input"/>, the shape of <paramref name="data"/>) or any TorchSharp <c>Module&lt;Tensor,Tensor&gt;</c> (its type name).
    /// <paramref name="fix"/> says what to do about a mismatch (default: rebuild it with --input).
    /// </summary>
    public static (nn.Module<Tensor, Tensor> Module, string Label) Model(IMagicContext context, string name, InputShape input, string data, string? fix = null)
    {
        var value = Get(context, "--model", name, $"e.g. #!gaplab model --spec mlp:width=256 --as {name}");
        return value switch
        {
            BuiltModel b when b.Input != input => throw new ArgumentException(
                $"--model '{name}' was built for input {b.Input}, but {data} has {input}; {fix ?? $"rebuild it with --input {input}"}."),
            BuiltModel b => (b.Module, b.Spec),
            nn.Module<Tensor, Tensor> m => (m, m.GetType().Name),
            _ => throw WrongType("--model", name, value, "a GapLab.Models.BuiltModel or a TorchSharp Module<Tensor,Tensor>"),
        };
    }

    /// <summary>The dataset named by --data: a <see cref="Dataset"/>, or the training or test half of a <see cref="DatasetSplit"/>.</summary>
    public static Dataset Data(IMagicContext context, string name, bool train)
    {
        var value = Get(context, "--data", name, $"e.g. #!gaplab load --as {name}");
        return value switch
        {
            DatasetSplit s => train ? s.Train : s.Test,
            Dataset d => d,
            _ => throw WrongType("--data", name, value, "a GapLab.Data.DatasetSplit or Dataset"),
        };
    }
}
