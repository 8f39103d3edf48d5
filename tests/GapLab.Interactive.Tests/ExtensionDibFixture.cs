using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GapLab.Interactive.Tests;

/// <summary>
/// Compiles extension.dib's C# cells as chained script submissions (as the C# kernel does) against in-memory stand-ins of the
/// .NET Interactive API (DibStubs/), runs them once, and exposes the stub root kernel the shim registered its directives on.
/// </summary>
public sealed class ExtensionDibFixture
{
    public Assembly Stubs { get; }
    public object RootKernel { get; }
    public object CSharpKernel { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public ExtensionDibFixture()
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();

        var stubSource = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "DibStubs", "KernelApiStubs.cs"));
        var stubCompilation = CSharpCompilation.Create("DibKernelStubs",
            [CSharpSyntaxTree.ParseText(stubSource)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var stubImage = Emit(stubCompilation);
        Stubs = Assembly.Load(stubImage);
        references.Add(MetadataReference.CreateFromImage(stubImage));

        var loaded = new Dictionary<string, Assembly> { [Stubs.GetName().Name!] = Stubs };
        AssemblyLoadContext.Default.Resolving += (_, name) => loaded.GetValueOrDefault(name.Name!);
        AppDomain.CurrentDomain.AssemblyResolve += (_, e) => loaded.GetValueOrDefault(new AssemblyName(e.Name).Name!);

        var kernelType = Stubs.GetType("Microsoft.DotNet.Interactive.Kernel", throwOnError: true)!;
        RootKernel = Activator.CreateInstance(kernelType, "root")!;
        CSharpKernel = Activator.CreateInstance(Stubs.GetType("Microsoft.DotNet.Interactive.CSharp.CSharpKernel", throwOnError: true)!)!;
        ((System.Collections.IList)kernelType.GetProperty("Children")!.GetValue(RootKernel)!).Add(CSharpKernel);
        kernelType.GetProperty("Root")!.SetValue(null, RootKernel);

        var cells = DibFile.CSharpCells(File.ReadAllText(DibFile.ExtensionPath));
        var submissions = new object?[cells.Count + 1];
        var diagnostics = new List<Diagnostic>();
        CSharpCompilation? previous = null;
        for (int i = 0; i < cells.Count; i++)
        {
            var tree = CSharpSyntaxTree.ParseText(cells[i], new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
            var compilation = CSharpCompilation.CreateScriptCompilation($"GapLabDibCell{i}", tree, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, scriptClassName: $"Submission#{i}"), previous, typeof(object));
            diagnostics.AddRange(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
            if (compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) break;
            var assembly = Assembly.Load(Emit(compilation));
            loaded[assembly.GetName().Name!] = assembly;
            var factory = assembly.GetTypes().Single(t => t.Name == $"Submission#{i}").GetMethod("<Factory>", BindingFlags.Public | BindingFlags.Static)!;
            ((Task<object>)factory.Invoke(null, [submissions])!).GetAwaiter().GetResult();
            previous = compilation;
        }
        Diagnostics = diagnostics;
    }

    /// <summary>The directives the shim added to the root kernel, with their handlers.</summary>
    public IReadOnlyList<(dynamic Directive, Delegate Handler)> Directives =>
        ((System.Collections.IEnumerable)((dynamic)RootKernel).Directives).Cast<object>()
            .Select(t => ((dynamic)t.GetType().GetField("Item1")!.GetValue(t)!, (Delegate)t.GetType().GetField("Item2")!.GetValue(t)!))
            .ToList();

    public object NewInvocationContext() =>
        Activator.CreateInstance(Stubs.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext", throwOnError: true)!, CancellationToken.None)!;

    static byte[] Emit(Compilation compilation)
    {
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        if (!result.Success)
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return ms.ToArray();
    }
}
