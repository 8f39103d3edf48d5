using System.Text;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Magic;

namespace GapLab.Bench;

/// <summary>GapLab.Interactive's magic-command lines in the fuzz harness (compiled into GapLab.Bench and GapLab.Interactive.Tests):
/// <see cref="MagicCommandRegistry.CheckLine"/>, the parse the extension runs on every <c>#!gaplab</c> line before the kernel
/// binds it, without a kernel. A line passes when it is accepted or refused with a one-line message.</summary>
public static partial class ReaderFuzz
{
    static readonly string[] MagicSeedLines =
    [
        "#!gaplab train --model mlp:width=64,depth=2 --dataset fashion-mnist-embedded --epochs 2 --settings @csharp:settings",
        "#!gaplab run --suite smoke --out \"runs x\" --seed 3",
        "#!gaplab quality --weights runs/models/a.safetensors --ood shift:invert,shift:rotate=30 --quba-weights accuracy=1,calibration_error=-1",
        "#!gaplab store --sql \"SELECT model, avg(acc_gap) FROM runs GROUP BY model\" --store runs --as frame",
        "#!gaplab benchmark --action compare --name fashion-smoke --store runs",
        "#!gaplab device",
        "#!gaplab",
    ];

    static MagicCommandRegistry? _magic;

    static partial void MagicTargets(List<(string Name, Func<byte[]> Seed, Action<byte[], string> Read)> targets) =>
        targets.Add(("magic-line", () => Encoding.UTF8.GetBytes(string.Join("\n", MagicSeedLines)), (bytes, _) =>
        {
            var registry = _magic ??= BuiltInCommands.CreateRegistry();
            string? first = null;
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
                if (registry.CheckLine(line) is { } error)
                {
                    if (error.Contains('\n') || error.Contains('\r'))
                        throw new InvalidOperationException($"a refusal of two or more lines: {error.Split('\n', '\r')[0]}");
                    first ??= error;
                }
            if (first is not null) throw new FormatException(first); // refused in one line: the extension shows it as the cell's error
        }));
}
