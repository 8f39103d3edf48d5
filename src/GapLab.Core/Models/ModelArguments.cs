namespace GapLab.Models;

/// <summary>The typed, validated parameter values of a canonical spec, as handed to a model builder.</summary>
public sealed class ModelArguments
{
    readonly IReadOnlyDictionary<string, object> _values;

    internal ModelArguments(string model, IReadOnlyDictionary<string, object> values)
    {
        Model = model;
        _values = values;
    }

    public string Model { get; }

    public int Int(string name) => Get<int>(name);
    public double Real(string name) => Get<double>(name);
    public bool Bool(string name) => Get<bool>(name);

    T Get<T>(string name) => _values.TryGetValue(name, out var v) && v is T t
        ? t
        : throw new ArgumentException($"Model '{Model}' has no {typeof(T).Name} parameter '{name}' (has: {string.Join(", ", _values.Keys)}).");
}
