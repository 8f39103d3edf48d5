using static TorchSharp.torch;

namespace GapLab.Weights;

/// <summary>The safetensors dtype names GapLab reads and writes, with their TorchSharp types and byte sizes.</summary>
internal static class SafetensorsDType
{
    static readonly (string Name, ScalarType Type, int Size)[] Table =
    [
        ("F64", ScalarType.Float64, 8),
        ("F32", ScalarType.Float32, 4),
        ("F16", ScalarType.Float16, 2),
        ("BF16", ScalarType.BFloat16, 2),
        ("I64", ScalarType.Int64, 8),
        ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2),
        ("I8", ScalarType.Int8, 1),
        ("U8", ScalarType.Byte, 1),
        ("BOOL", ScalarType.Bool, 1),
    ];

    public static string Accepted => string.Join(", ", Table.Select(t => t.Name));

    public static bool TryFromName(string name, out ScalarType type, out int size)
    {
        foreach (var t in Table)
            if (t.Name == name) { type = t.Type; size = t.Size; return true; }
        type = default; size = 0;
        return false;
    }

    public static bool TryFromType(ScalarType type, out string name, out int size)
    {
        foreach (var t in Table)
            if (t.Type == type) { name = t.Name; size = t.Size; return true; }
        name = ""; size = 0;
        return false;
    }
}
