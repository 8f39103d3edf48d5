using DuckDB.NET.Data;
using GapLab.Runtime;

namespace GapLab.Core.Tests.Store;

/// <summary>The DuckDB native library (DuckDB.NET.Data.Full) loads on this machine, also after the patched libtorch.</summary>
public class DuckDbNativeTests
{
    public DuckDbNativeTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void NativeLibraryLoadsAndComputes()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT CAST(sum(x) AS BIGINT) FROM range(1, 101) t(x)";
        Assert.Equal(5050L, (long)cmd.ExecuteScalar()!);
        cmd.CommandText = "SELECT version()";
        Assert.StartsWith("v1.", (string)cmd.ExecuteScalar()!);
    }
}
