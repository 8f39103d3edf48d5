using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace GapLab.PackedExtension.Tests;

/// <summary>
/// The released kernel in process, with the C# kernel set up as the dotnet-interactive tool's KernelBuilder sets it up: the tool's
/// <c>#r "nuget:"</c> directive, kernel helpers (<c>display</c>), <c>#!who</c>, value sharing, the c#/C# aliases, the default and
/// <c>#!import</c> magics, package extensions loaded by the tool's loader, and the browser front ends' formatter defaults.
/// Only the other languages' kernels, the secret manager and the connect directives are left out.
/// </summary>
sealed class ToolConfiguredKernel : IDisposable
{
    readonly CompositeKernel _kernel;

    public ToolConfiguredKernel()
    {
        var csharp = ReleasedTool.UseNugetDirective(new CSharpKernel()).UseKernelHelpers().UseWho().UseValueSharing();
        _kernel = new CompositeKernel();
        _kernel.Add(csharp, ["c#", "C#"]);
        _kernel.UseImportMagicCommand();
        ReleasedTool.UseNuGetExtensions(_kernel);
        _kernel.DefaultKernelName = csharp.Name;
        // what Jupyter and VS Code (the tool's BrowserFrontendEnvironment) set: HTML by default, strings as plain text
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
    }

    public void Dispose() => _kernel.Dispose();

    /// <summary>
    /// Submits one cell and returns every event the kernel published while it ran, as a front end shows them: those of the cell's
    /// command and of the commands it started (e.g. the extension.dib a <c>#r</c> ran). <paramref name="onEvent"/> sees each event
    /// as it is published (e.g. to cancel mid-run).
    /// </summary>
    public async Task<Cell> SubmitAsync(string code, Action<KernelEvent>? onEvent = null)
    {
        var events = new List<KernelEvent>();
        using (_kernel.KernelEvents.Subscribe(new Observer(e =>
               {
                   lock (events) events.Add(e);
                   onEvent?.Invoke(e);
               })))
            await _kernel.SendAsync(new SubmitCode(code));
        lock (events) return new Cell(code, [.. events]);
    }

    /// <summary>Cancels the running cell, as the notebook's stop button does.</summary>
    public Task CancelAsync() => _kernel.SendAsync(new Cancel());

    sealed class Observer(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value) => onNext(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}

/// <summary>What one submitted cell produced: the kernel's events.</summary>
sealed record Cell(string Code, IReadOnlyList<KernelEvent> Events)
{
    /// <summary>The cell's failure message (CommandFailed), or null when it succeeded.</summary>
    public string? Error => Events.OfType<CommandFailed>().Select(f => f.Message).FirstOrDefault();

    /// <summary>Every value the cell displayed or returned, formatted as <paramref name="mimeType"/>, concatenated (updates included).</summary>
    public string Text(string mimeType) => string.Concat(Events.OfType<DisplayEvent>()
        .SelectMany(e => e.FormattedValues).Where(f => f.MimeType == mimeType).Select(f => f.Value));

    /// <summary>In-place redraws of a displayed value (progress).</summary>
    public int Updates => Events.OfType<DisplayedValueUpdated>().Count();

    /// <summary>The value the cell returned (its last expression).</summary>
    public object? ReturnValue => Events.OfType<ReturnValueProduced>().Select(r => r.Value).LastOrDefault();

    public override string ToString() => $"{Code.Split('\n')[0]}: {Error ?? "ok"}; {string.Join(", ", Events.Select(e => e.GetType().Name))}";
}
