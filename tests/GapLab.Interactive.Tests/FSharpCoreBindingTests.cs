using System.Reflection;
using System.Runtime.Loader;

namespace GapLab.Interactive.Tests;

/// <summary>
/// The FSharp.Core fallback for kernels with an older FSharp.Core (the released kernel's is 10.0.0.0, Plotly.NET asks for 10.1.0.0):
/// a failed bind of FSharp.Core gets the copy the process has, of the same major version; nothing else is touched. The kernel
/// itself is exercised by JupyterNotebookTests (every notebook's charts draw there).
/// </summary>
public class FSharpCoreBindingTests
{
    static readonly Assembly Loaded = typeof(Microsoft.FSharp.Core.Unit).Assembly;

    [Fact]
    public void A_newer_minor_version_of_FSharp_Core_binds_to_the_copy_the_process_has()
    {
        var v = Loaded.GetName().Version!;
        Assert.Same(Loaded, FSharpCoreBinding.Resolve(AssemblyLoadContext.Default, new AssemblyName($"FSharp.Core, Version={v.Major}.{v.Minor + 1}.0.0")));
        Assert.Same(Loaded, FSharpCoreBinding.Resolve(AssemblyLoadContext.Default, new AssemblyName("FSharp.Core")));
    }

    [Fact]
    public void Another_major_version_or_another_assembly_is_left_to_the_runtime()
    {
        var v = Loaded.GetName().Version!;
        Assert.Null(FSharpCoreBinding.Resolve(AssemblyLoadContext.Default, new AssemblyName($"FSharp.Core, Version={v.Major + 1}.0.0.0")));
        Assert.Null(FSharpCoreBinding.Resolve(AssemblyLoadContext.Default, new AssemblyName("Plotly.NET, Version=6.0.0.0")));
    }

    [Fact]
    public void The_handler_is_installed_as_soon_as_GapLab_Interactive_is_used()
    {
        // the module initializer ran (any GapLab.Interactive type was touched by now): a bind the default context cannot do succeeds
        _ = typeof(Charts).Assembly;
        var v = Loaded.GetName().Version!;
        Assert.Same(Loaded, AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName($"FSharp.Core, Version={v.Major}.{v.Minor + 5}.0.0")));
    }
}
