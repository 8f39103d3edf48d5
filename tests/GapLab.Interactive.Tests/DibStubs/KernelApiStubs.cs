// Stand-ins for the parts of the .NET Interactive API that extension.dib uses, with the same namespaces and signatures as
// Microsoft.DotNet.Interactive (which cannot be restored here). Compiled in memory by DibTests only, never into the tests.
// Behaviour is the minimum the shim relies on: AddDirective records directives and typed handlers, Display records values,
// the csharp kernel stores variables.
#nullable enable
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Microsoft.DotNet.Interactive.Commands
{
    public abstract class KernelCommand
    {
        public string? TargetKernelName { get; internal set; }
    }

    public abstract class KernelDirectiveCommand : KernelCommand
    {
    }
}

namespace Microsoft.DotNet.Interactive.Directives
{
    public abstract class KernelDirective
    {
        private readonly List<KernelDirectiveParameter> _parameters = new();

        protected KernelDirective(string name) => Name = name;

        public string Name { get; init; }

        public string? Description { get; set; }

        public ICollection<KernelDirectiveParameter> Parameters
        {
            get => _parameters;
            init { foreach (var p in value) _parameters.Add(p); }
        }
    }

    public class KernelActionDirective : KernelDirective
    {
        private readonly List<KernelActionDirective> _subcommands = new();

        public KernelActionDirective(string name, string? description = null) : base(name) => Description = description;

        public Type? KernelCommandType { get; set; }

        public ICollection<KernelActionDirective> Subcommands
        {
            get => _subcommands;
            init { foreach (var d in value) _subcommands.Add(d); }
        }
    }

    public class KernelDirectiveCompletionContext
    {
    }

    public class KernelDirectiveParameter
    {
        public KernelDirectiveParameter(string name, string? description = null)
        {
            Name = name;
            Description = description ?? string.Empty;
        }

        public string Name { get; }

        public string Description { get; init; }

        public bool Required { get; init; }

        public bool Flag { get; init; }

        public List<Func<IEnumerable<string>>> CompletionSources { get; } = new();

        public KernelDirectiveParameter AddCompletions(Func<KernelDirectiveCompletionContext, Task> getCompletions) =>
            throw new NotSupportedException("the shim uses the string-list overload");

        public KernelDirectiveParameter AddCompletions(Func<IEnumerable<string>> getCompletions)
        {
            CompletionSources.Add(getCompletions);
            return this;
        }
    }
}

namespace Microsoft.DotNet.Interactive.Formatting
{
    public class DisplayedValue
    {
        private readonly List<object> _log;
        private readonly int _index;

        public DisplayedValue(List<object> log, int index)
        {
            _log = log;
            _index = index;
        }

        public void Update(object updatedValue) => _log[_index] = updatedValue;
    }
}

namespace Microsoft.DotNet.Interactive
{
    using Microsoft.DotNet.Interactive.Commands;
    using Microsoft.DotNet.Interactive.Directives;
    using Microsoft.DotNet.Interactive.Formatting;

    public class Kernel
    {
        public Kernel(string name) => Name = name;

        public string Name { get; }

        public static Kernel Root { get; set; } = new Kernel("root");

        public List<Kernel> Children { get; } = new();

        public List<(KernelActionDirective Directive, Delegate Handler)> Directives { get; } = new();

        public void AddDirective<TCommand>(KernelActionDirective directive, Func<TCommand, KernelInvocationContext, Task> handler)
            where TCommand : KernelCommand
        {
            if (directive.KernelCommandType is null) directive.KernelCommandType = typeof(TCommand);
            else if (directive.KernelCommandType != typeof(TCommand)) throw new ArgumentException("KernelCommandType mismatch");
            Directives.Add((directive, handler));
        }
    }

    public static class KernelExtensions
    {
        public static Kernel? FindKernelByName(this Kernel kernel, string name) =>
            kernel.Name == name ? kernel : kernel.Children.Find(k => k.Name == name);
    }

    public class KernelInvocationContext
    {
        public KernelInvocationContext(CancellationToken cancellationToken = default) => CancellationToken = cancellationToken;

        public CancellationToken CancellationToken { get; }

        public List<object> Displayed { get; } = new();

        public List<string?> Failures { get; } = new();

        public void Fail(KernelCommand command, Exception? exception = null, string? message = null) => Failures.Add(message ?? exception?.Message);
    }

    public static class KernelInvocationContextExtensions
    {
        public static DisplayedValue Display(this KernelInvocationContext context, object value, params string[] mimeTypes)
        {
            context.Displayed.Add(value);
            return new DisplayedValue(context.Displayed, context.Displayed.Count - 1);
        }
    }
}

namespace Microsoft.DotNet.Interactive.CSharp
{
    public class CSharpKernel : Microsoft.DotNet.Interactive.Kernel
    {
        public CSharpKernel() : base("csharp")
        {
        }

        public Dictionary<string, (object Value, Type Type)> Variables { get; } = new();

        public Task SetValueAsync(string name, object value, Type declaredType)
        {
            Variables[name] = (value, declaredType);
            return Task.CompletedTask;
        }

        public bool TryGetValue<T>(string name, out T value)
        {
            if (Variables.TryGetValue(name, out var v) && v.Value is T t)
            {
                value = t;
                return true;
            }
            value = default!;
            return false;
        }
    }
}
