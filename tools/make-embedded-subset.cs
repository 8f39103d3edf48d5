#:project ../src/GapLab.Core/GapLab.Core.csproj
// Regenerates src/GapLab.Core/Data/Embedded/*.gz from Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist):
//   dotnet run tools/make-embedded-subset.cs [SOURCE_DIR] [OUT_DIR]
var source = args.Length > 0 ? args[0] : GapLab.Data.FashionMnist.DebianDirectory;
var outDir = args.Length > 1 ? args[1] : Path.Combine("src", "GapLab.Core", "Data", "Embedded");
GapLab.Data.EmbeddedFashionMnist.CreateSubset(source, outDir);
foreach (var f in Directory.GetFiles(outDir, "*.gz").Order())
    Console.WriteLine($"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))).ToLowerInvariant()}  {Path.GetFileName(f)}");
