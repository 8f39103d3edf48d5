using System.Diagnostics;
using System.IO.Compression;

namespace GapLab.Interactive.Tests;

/// <summary>
/// The slow end-to-end checks of how users get GapLab (a minute or more each, most of it NuGet restore and building): run with
/// <c>GAPLAB_PACKAGING_TESTS=1 dotnet test tests/GapLab.Interactive.Tests --filter FullyQualifiedName~PackagingTests</c>.
/// </summary>
public class PackagingTests
{
    static string Repo => IpynbNotebookTests.RepositoryRoot();

    internal static (int Code, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(600_000)) { p.Kill(entireProcessTree: true); throw new TimeoutException($"dotnet {string.Join(' ', args)} ran over 10 minutes."); }
        return (p.ExitCode, output + err.Result);
    }

    [PackagingFact]
    public void The_packed_extension_restores_from_a_local_folder_feed_and_works_in_a_fresh_project()
    {
        var work = Directory.CreateTempSubdirectory("gaplab-feed-").FullName;
        var feed = Path.Combine(work, "feed");
        var version = $"0.1.0-feedtest.{DateTime.UtcNow:yyyyMMddHHmmss}";
        // the test build already compiled GapLab.Interactive in Debug: pack that build (and, through the pack hook, GapLab.Core)
        var pack = Dotnet(Repo, "pack", "src/GapLab.Interactive", "-c", "Debug", "--no-build", "-o", feed, $"-p:Version={version}");
        Assert.True(pack.Code == 0, pack.Output);

        using (var nupkg = ZipFile.OpenRead(Path.Combine(feed, $"GapLab.Interactive.{version}.nupkg")))
        {
            var entries = nupkg.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("lib/net10.0/GapLab.Interactive.dll", entries);
            Assert.Contains("interactive-extensions/dotnet/extension.dib", entries);
            Assert.Contains("interactive-extensions/dotnet/GapLab.Interactive.dll", entries);
            var nuspec = new StreamReader(nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
            Assert.Contains($"<dependency id=\"GapLab.Core\" version=\"{version}\"", nuspec);
            Assert.DoesNotContain("Microsoft.DotNet.Interactive.Formatting", nuspec); // the kernel ships it
        }
        Assert.True(File.Exists(Path.Combine(feed, $"GapLab.Core.{version}.nupkg")));

        var app = Path.Combine(work, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable>
                <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup><PackageReference Include="GapLab.Interactive" Version="{version}" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><add key="gaplab-local" value="{feed}" /></packageSources></configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using GapLab.Interactive;
            using GapLab.Interactive.Reports;
            var report = new HtmlReport("From the folder feed").AddMarkdown("made by a *fresh* project")
                .Add(Charts.GapCurves([new(1, 0.4, 0.5), new(2, 0.2, 0.35)]));
            Console.WriteLine($"saved {report.Save(args[0])} charts={report.HasCharts} blocks={report.Count}");
            """);
        var html = Path.Combine(work, "feed-report.html");
        var run = Dotnet(app, "run", "--", html);
        Assert.True(run.Code == 0, run.Output);
        Assert.Contains($"saved {html} charts=True blocks=2", run.Output);
        Assert.Contains("<title>From the folder feed</title>", File.ReadAllText(html));
    }

    [PackagingFact]
    public void The_file_based_report_example_runs_and_writes_its_report()
    {
        var html = Path.Combine(Directory.CreateTempSubdirectory("gaplab-example-").FullName, "report.html");
        var run = Dotnet(Repo, "run", "examples/report.cs", "--", html);
        Assert.True(run.Code == 0, run.Output);
        Assert.Matches(@"mlp:depth=1,width=16\s+12,730 params", run.Output);
        var page = File.ReadAllText(html);
        Assert.Contains("<td>seeds</td><td>torch=0, training=1</td>", page);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(page[page.IndexOf("</head>", StringComparison.Ordinal)..], "Plotly.newPlot"));
    }
}

/// <summary>A fact that runs only when <c>GAPLAB_PACKAGING_TESTS=1</c> (it packs, restores and builds: a minute or more).</summary>
sealed class PackagingFactAttribute : FactAttribute
{
    public const string Variable = "GAPLAB_PACKAGING_TESTS";

    public PackagingFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"slow packaging check (pack, restore from a folder feed, build); run with {Variable}=1.";
    }
}
