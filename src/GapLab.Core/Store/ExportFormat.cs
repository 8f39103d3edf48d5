namespace GapLab.Store;

/// <summary>File format of <see cref="ResultStore.Export"/>: one file per table.</summary>
public enum ExportFormat
{
    Csv,
    Parquet,
}

/// <summary>Parses export format names.</summary>
public static class ExportFormats
{
    public static ExportFormat Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "parquet" => ExportFormat.Parquet,
        _ => throw new ArgumentException($"Export format '{name}' is not supported: use csv or parquet."),
    };
}
