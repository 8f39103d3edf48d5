using GapLab.Tests.Shared;
using System.Diagnostics;
using System.Text.Json;
using GapLab.Models;
using GapLab.Core.Tests.Weights;
using GapLab.Runtime;
using GapLab.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Models;

/// <summary>
/// Compares every architecture with its PyTorch peer in bench/peers/gaplab_models.py: the same state_dict names and
/// shapes and parameter count, and, after loading GapLab's saved .safetensors weights strictly into the peer, the same
/// eval-mode logits. Runs only where python3 can import torch (Debian's python3-torch); elsewhere it is skipped with the reason.
/// </summary>
public class PyTorchPeerTests
{
    static readonly string[] Specs =
    [
        "mlp", "mlp:depth=0", "cnn", "cnn:bn=true,blocks=2,width=0.5", "nin", "nin:bn=false,kernel=5,depth=2,width=32",
        "resnet", "resnet:depth=8,width=0.5", "smallcnn", "smallcnn:hidden=16,width=0.25",
    ];

    [RequiresFact(Requirement.PythonTorch)]
    public void State_names_shapes_counts_and_logits_match_the_pytorch_peer()
    {
        TorchRuntime.EnsureLoaded();
        string? script = FindPeerScript();
        Assert.True(script is not null, "bench/peers/gaplab_models.py not found above the test folder.");
        var input = new InputShape(3, 32, 32, 10);
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        TorchEnvironment.Seed(11);
        var x = rand(input.BatchShape(2));
        Safetensors.Save(dir.File("input.safetensors"), new Dictionary<string, Tensor> { ["x"] = x });
        var models = Specs.Select(s => ModelRegistry.Create(s, input)).ToList();
        try
        {
            var logits = new List<float[]>();
            for (int i = 0; i < models.Count; i++)
            {
                var module = models[i].Module;
                module.train();
                using (no_grad()) module.forward(x); // moves batch-norm running statistics off their initial values
                module.eval();
                logits.Add(module.forward(x).data<float>().ToArray());
                ModelWeights.Save(models[i], dir.File($"model{i}.safetensors"));
            }
            string json = RunPeer(script!, input, dir.Path);
            using var doc = JsonDocument.Parse(json);
            for (int i = 0; i < models.Count; i++)
                Compare(doc.RootElement.GetProperty(Specs[i]), models[i], logits[i]);
        }
        finally
        {
            foreach (var m in models) m.Dispose();
        }
    }

    static void Compare(JsonElement peer, BuiltModel model, float[] logits)
    {
        Assert.Equal(peer.GetProperty("parameters").GetInt64(), model.ParameterCount);
        var expected = peer.GetProperty("state").EnumerateArray()
            .Select(e => $"{e[0].GetString()} [{string.Join(",", e[1].EnumerateArray().Select(d => d.GetInt64()))}]")
            .Order(StringComparer.Ordinal).ToList();
        var actual = model.Module.state_dict()
            .Select(kv => $"{kv.Key} [{string.Join(",", kv.Value.shape)}]")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(new long[] { 2, 10 }, peer.GetProperty("output").EnumerateArray().Select(d => d.GetInt64()).ToArray());
        var peerLogits = peer.GetProperty("logits").EnumerateArray().Select(d => d.GetSingle()).ToArray();
        Assert.Equal(logits.Length, peerLogits.Length);
        for (int j = 0; j < logits.Length; j++)
            Assert.True(Math.Abs(logits[j] - peerLogits[j]) <= 1e-5f + 1e-4f * Math.Abs(logits[j]),
                $"{model.Spec}: logit {j} is {logits[j]} in GapLab but {peerLogits[j]} in PyTorch");
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

    static string RunPeer(string script, InputShape input, string weights)
    {
        foreach (var python in new[] { "/usr/bin/python3", "python3" })
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { script, "--dump", $"{input.Channels}", $"{input.Height}", $"{input.Width}", $"{input.NumClasses}", "--weights", weights }.Concat(Specs))
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
        throw new InvalidOperationException("python3 with torch did not answer (see RequiresFact(Requirement.PythonTorch)).");
    }
}
