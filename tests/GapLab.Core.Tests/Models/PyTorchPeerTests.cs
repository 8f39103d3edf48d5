using System.Diagnostics;
using System.Text.Json;
using GapLab.Models;
using GapLab.Runtime;
using Xunit.Abstractions;

namespace GapLab.Core.Tests.Models;

/// <summary>
/// Compares every architecture with its PyTorch peer in bench/peers/gaplab_models.py: the same state_dict names and
/// shapes, parameter count and output shape. Runs only where python3 can import torch (Debian's python3-torch);
/// elsewhere it checks nothing and says so on the test output.
/// </summary>
public class PyTorchPeerTests(ITestOutputHelper output)
{
    static readonly string[] Specs =
    [
        "mlp", "mlp:depth=0", "cnn", "cnn:bn=true,blocks=2,width=0.5", "nin", "nin:bn=false,kernel=5,depth=2,width=32",
        "resnet", "resnet:depth=8,width=0.5",
    ];

    [Fact]
    public void State_names_shapes_and_counts_match_the_pytorch_peer()
    {
        TorchRuntime.EnsureLoaded();
        string? script = FindPeerScript();
        if (script is null) { output.WriteLine("bench/peers/gaplab_models.py not found; skipped."); return; }
        var input = new InputShape(3, 32, 32, 10);
        string? json = RunPeer(script, input);
        if (json is null) { output.WriteLine("python3 with torch is not available; skipped."); return; }

        using var doc = JsonDocument.Parse(json);
        foreach (var spec in Specs)
        {
            var peer = doc.RootElement.GetProperty(spec);
            using var model = ModelRegistry.Create(spec, input);
            Assert.Equal(peer.GetProperty("parameters").GetInt64(), model.ParameterCount);
            var expected = peer.GetProperty("state").EnumerateArray()
                .Select(e => $"{e[0].GetString()} [{string.Join(",", e[1].EnumerateArray().Select(d => d.GetInt64()))}]")
                .Order(StringComparer.Ordinal).ToList();
            var actual = model.Module.state_dict()
                .Select(kv => $"{kv.Key} [{string.Join(",", kv.Value.shape)}]")
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, actual);
            Assert.Equal(new long[] { 2, 10 }, peer.GetProperty("output").EnumerateArray().Select(d => d.GetInt64()).ToArray());
        }
    }

    static string? FindPeerScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "bench", "peers", "gaplab_models.py");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    static string? RunPeer(string script, InputShape input)
    {
        foreach (var python in new[] { "/usr/bin/python3", "python3" })
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { script, "--dump", $"{input.Channels}", $"{input.Height}", $"{input.Width}", $"{input.NumClasses}" }.Concat(Specs))
                info.ArgumentList.Add(a);
            try
            {
                using var p = Process.Start(info);
                if (p is null) continue;
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                if (!p.WaitForExit(60_000)) { p.Kill(); continue; }
                if (p.ExitCode == 0) return stdout.Result;
                if (!stderr.Result.Contains("No module named", StringComparison.Ordinal))
                    throw new InvalidOperationException($"{python} {script} failed: {stderr.Result}");
            }
            catch (System.ComponentModel.Win32Exception) { /* no such interpreter */ }
        }
        return null;
    }
}
