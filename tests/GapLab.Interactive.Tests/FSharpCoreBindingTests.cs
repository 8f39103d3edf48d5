using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
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

    /// <summary>
    /// The binding only holds if the kernel's older FSharp.Core has everything the newer-built assemblies call: every FSharp.Core
    /// type and member (by name) that Plotly.NET, Plotly.NET.CSharp, DynamicObj, Giraffe.ViewEngine and GapLab.Interactive
    /// reference is in the released kernel's FSharp.Core.dll. Fails after an upgrade that starts using a newer FSharp.Core API.
    /// </summary>
    [KernelToolFact]
    public void The_released_kernels_FSharp_Core_has_every_FSharp_Core_member_that_Plotly_NET_and_GapLab_use()
    {
        var kernelCore = Directory.EnumerateFiles(Path.Combine(Path.GetDirectoryName(JupyterKernel.Tool!)!, ".store"), "FSharp.Core.dll", SearchOption.AllDirectories)
            .Single(f => f.Contains(JupyterKernel.ToolVersion, StringComparison.Ordinal) && !f.Contains("/runtimes/", StringComparison.Ordinal));
        using var corePe = new PEReader(File.OpenRead(kernelCore));
        var core = corePe.GetMetadataReader();
        Assert.Equal(new Version(10, 0, 0, 0), core.GetAssemblyDefinition().Version);   // what the binding stands in for (10.1.0.0 is asked)
        var members = core.TypeDefinitions.Select(core.GetTypeDefinition).ToDictionary(t => TypeName(core, t), t =>
            t.GetMethods().Select(m => core.GetString(core.GetMethodDefinition(m).Name))
                .Concat(t.GetFields().Select(f => core.GetString(core.GetFieldDefinition(f).Name))).ToHashSet());

        var users = new[] { typeof(Plotly.NET.GenericChart), typeof(Plotly.NET.CSharp.Chart), typeof(DynamicObj.DynamicObj), typeof(Giraffe.ViewEngine.HtmlElements), typeof(Charts) }
            .Select(t => t.Assembly.Location).ToArray();
        var missing = new List<string>();
        int checkedMembers = 0;
        foreach (var path in users)
        {
            using var pe = new PEReader(File.OpenRead(path));
            var md = pe.GetMetadataReader();
            foreach (var h in md.TypeReferences)
                if (FSharpCoreName(md, h) is { } type && !members.ContainsKey(type)) missing.Add($"{Path.GetFileName(path)}: type {type}");
            foreach (var h in md.MemberReferences)
            {
                var member = md.GetMemberReference(h);
                var owner = member.Parent.Kind switch
                {
                    HandleKind.TypeReference => FSharpCoreName(md, (TypeReferenceHandle)member.Parent),
                    HandleKind.TypeSpecification => GenericOwner(md, (TypeSpecificationHandle)member.Parent),
                    _ => null,
                };
                if (owner is null || !members.TryGetValue(owner, out var names)) continue;
                checkedMembers++;
                if (!names.Contains(md.GetString(member.Name))) missing.Add($"{Path.GetFileName(path)}: {owner}::{md.GetString(member.Name)}");
            }
        }
        Assert.True(checkedMembers > 1000, $"only {checkedMembers} FSharp.Core member references found");   // 2067 with Plotly.NET 6.0.0
        Assert.True(missing.Count == 0, "not in the kernel's FSharp.Core:\n" + string.Join('\n', missing));
    }

    static string TypeName(MetadataReader md, TypeDefinition t)
    {
        var name = md.GetString(t.Name);
        if (t.GetDeclaringType() is { IsNil: false } outer) return TypeName(md, md.GetTypeDefinition(outer)) + "/" + name;
        var ns = md.GetString(t.Namespace);
        return ns.Length > 0 ? ns + "." + name : name;
    }

    /// <summary>The full name of a type reference into FSharp.Core (nested types as Outer/Inner); null for other assemblies.</summary>
    static string? FSharpCoreName(MetadataReader md, TypeReferenceHandle handle)
    {
        var r = md.GetTypeReference(handle);
        var name = md.GetString(r.Name);
        switch (r.ResolutionScope.Kind)
        {
            case HandleKind.TypeReference:
                return FSharpCoreName(md, (TypeReferenceHandle)r.ResolutionScope) is { } outer ? outer + "/" + name : null;
            case HandleKind.AssemblyReference:
                if (md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)r.ResolutionScope).Name) != "FSharp.Core") return null;
                var ns = md.GetString(r.Namespace);
                return ns.Length > 0 ? ns + "." + name : name;
            default:
                return null;
        }
    }

    /// <summary>The FSharp.Core generic type of an instantiation such as FSharpList&lt;T&gt; (members of generic types are referenced through it).</summary>
    static string? GenericOwner(MetadataReader md, TypeSpecificationHandle handle)
    {
        var blob = md.GetBlobReader(md.GetTypeSpecification(handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
        blob.ReadCompressedInteger();   // CLASS or VALUETYPE
        var type = blob.ReadTypeHandle();
        return type.Kind == HandleKind.TypeReference ? FSharpCoreName(md, (TypeReferenceHandle)type) : null;
    }
}

/// <summary>A fact that runs only where the released kernel tool is installed (<see cref="JupyterKernel.ToolVariable"/>); no kernel is started.</summary>
sealed class KernelToolFactAttribute : FactAttribute
{
    public KernelToolFactAttribute()
    {
        if (JupyterKernel.Tool is null)
            Skip = $"the .NET Interactive tool is not found (dotnet tool install Microsoft.dotnet-interactive --version {JupyterKernel.ToolVersion} --tool-path DIR, then {JupyterKernel.ToolVariable}=DIR/dotnet-interactive).";
    }
}
