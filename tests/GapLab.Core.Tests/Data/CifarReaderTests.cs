using GapLab.Core.Tests.Weights;
using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class CifarReaderTests
{
    const int Image = CifarReader.ImageBytes;

    /// <summary>One record: the label bytes, then pixel i = (i * 7 + seed) mod 256.</summary>
    static byte[] Record(int seed, params byte[] labelBytes) =>
        labelBytes.Concat(Enumerable.Range(0, Image).Select(i => (byte)((i * 7 + seed) % 256))).ToArray();

    static float Pixel(int seed, int i) => (byte)((i * 7 + seed) % 256) / 255f;

    /// <summary>CIFAR-10 layout: data_batch_b holds one record with label b - 1 (batch 5 two records), test_batch one with label 9.</summary>
    static void WriteCifar10(string dir)
    {
        Directory.CreateDirectory(dir);
        for (int b = 1; b <= 5; b++)
        {
            var bytes = Record(b, (byte)(b - 1));
            if (b == 5) bytes = bytes.Concat(Record(50, 7)).ToArray();
            File.WriteAllBytes(Path.Combine(dir, $"data_batch_{b}.bin"), bytes);
        }
        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), Record(99, 9));
    }

    [Fact]
    public void Cifar10_batches_are_concatenated_in_order_with_scaled_channel_major_pixels()
    {
        using var tmp = new TempDirectory();
        WriteCifar10(tmp.Path);

        var s = CifarReader.LoadCifar10(tmp.Path);

        Assert.Equal(new[] { 0, 1, 2, 3, 4, 7 }, s.Train.Labels);
        Assert.Equal(new[] { 9 }, s.Test.Labels);
        Assert.Equal(new[] { 3, 32, 32 }, s.Train.SampleShape);
        Assert.Equal(CifarReader.Cifar10ClassNames, s.Train.ClassNames);
        Assert.Equal("cifar10", s.Train.Name);
        Assert.Equal("cifar10-test", s.Test.Name);
        // record 2 (data_batch_3): red (0,0), green (0,0) at 1024, blue (31,31) at 3071
        Assert.Equal(Pixel(3, 0), s.Train.Features[2 * Image]);
        Assert.Equal(Pixel(3, 1024), s.Train.Features[2 * Image + 1024]);
        Assert.Equal(Pixel(3, 3071), s.Train.Features[2 * Image + 3071]);
        // second record of data_batch_5
        Assert.Equal(Pixel(50, 5), s.Train.Features[5 * Image + 5]);
        Assert.Equal(Pixel(99, 100), s.Test.Features[100]);
        Assert.InRange(s.Train.Features.Max(), 0.99f, 1f);
    }

    [Fact]
    public void Cifar10_reads_names_from_meta_file_and_finds_the_archive_subdirectory()
    {
        using var tmp = new TempDirectory();
        var nested = Path.Combine(tmp.Path, CifarReader.Cifar10Subdirectory);
        WriteCifar10(nested);
        var names = Enumerable.Range(0, 10).Select(i => $"n{i}").ToArray();
        File.WriteAllText(Path.Combine(nested, "batches.meta.txt"), string.Join("\n", names) + "\n\n");

        var s = CifarReader.LoadCifar10(tmp.Path);

        Assert.Equal(names, s.Train.ClassNames);
        Assert.Equal(6, s.Train.Count);
    }

    [Fact]
    public void Cifar10_truncated_file_names_file_and_offset_of_the_partial_record()
    {
        using var tmp = new TempDirectory();
        WriteCifar10(tmp.Path);
        var bad = Path.Combine(tmp.Path, "data_batch_5.bin");
        File.WriteAllBytes(bad, File.ReadAllBytes(bad)[..(CifarReader.Cifar10RecordBytes + 100)]);

        var e = Assert.Throws<InvalidDataException>(() => CifarReader.LoadCifar10(tmp.Path));

        Assert.Contains(bad, e.Message);
        Assert.Contains("byte offset 3073", e.Message);
        Assert.Contains("3173", e.Message); // the length
    }

    [Fact]
    public void Cifar10_label_out_of_range_names_file_and_offset_of_the_label_byte()
    {
        using var tmp = new TempDirectory();
        WriteCifar10(tmp.Path);
        var bad = Path.Combine(tmp.Path, "data_batch_5.bin");
        File.WriteAllBytes(bad, Record(1, 4).Concat(Record(2, 10)).ToArray());

        var e = Assert.Throws<InvalidDataException>(() => CifarReader.LoadCifar10(tmp.Path));

        Assert.Contains(bad, e.Message);
        Assert.Contains("byte offset 3073", e.Message);
        Assert.Contains("label 10 of record 1", e.Message);
    }

    [Fact]
    public void Missing_files_are_listed()
    {
        using var tmp = new TempDirectory();
        WriteCifar10(tmp.Path);
        File.Delete(Path.Combine(tmp.Path, "test_batch.bin"));

        var e = Assert.Throws<FileNotFoundException>(() => CifarReader.LoadCifar10(tmp.Path));
        Assert.Contains("test_batch.bin' is missing", e.Message);
        Assert.Contains("data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin", e.Message);

        var e100 = Assert.Throws<FileNotFoundException>(() => CifarReader.LoadCifar100(tmp.Path, coarse: false));
        Assert.Contains("train.bin, test.bin", e100.Message);
    }

    static void WriteCifar100(string dir, byte[] train)
    {
        File.WriteAllBytes(Path.Combine(dir, "train.bin"), train);
        File.WriteAllBytes(Path.Combine(dir, "test.bin"), Record(5, 19, 99));
    }

    [Fact]
    public void Cifar100_selects_fine_or_coarse_labels_with_default_or_file_names()
    {
        using var tmp = new TempDirectory();
        WriteCifar100(tmp.Path, Record(1, 4, 30).Concat(Record(2, 0, 99)).Concat(Record(3, 19, 7)).ToArray());

        var fine = CifarReader.LoadCifar100(tmp.Path, coarse: false);
        Assert.Equal(new[] { 30, 99, 7 }, fine.Train.Labels);
        Assert.Equal(new[] { 99 }, fine.Test.Labels);
        Assert.Equal(100, fine.Train.NumClasses);
        Assert.Equal("class_0", fine.Train.ClassNames[0]);
        Assert.Equal("class_99", fine.Train.ClassNames[99]);
        Assert.Equal(Pixel(2, 3071), fine.Train.Features[Image + 3071]); // pixels start after the two label bytes

        var coarseNames = Enumerable.Range(0, 20).Select(i => $"super{i}").ToArray();
        File.WriteAllLines(Path.Combine(tmp.Path, "coarse_label_names.txt"), coarseNames);
        var coarse = CifarReader.LoadCifar100(tmp.Path, coarse: true);
        Assert.Equal(new[] { 4, 0, 19 }, coarse.Train.Labels);
        Assert.Equal(coarseNames, coarse.Train.ClassNames);
        Assert.Equal("cifar100-coarse", coarse.Train.Name);
        Assert.Equal(fine.Train.Features, coarse.Train.Features);
    }

    [Theory]
    [InlineData(20, 5, 6148L)]   // coarse byte of record 2 out of range (checked even for fine labels)
    [InlineData(3, 100, 3075L)]  // fine byte of record 1 out of range
    public void Cifar100_label_out_of_range_names_offset(byte coarseByte, byte fineByte, long offset)
    {
        using var tmp = new TempDirectory();
        var train = offset == 6148L
            ? Record(1, 0, 0).Concat(Record(2, 1, 1)).Concat(Record(3, coarseByte, fineByte)).ToArray()
            : Record(1, 0, 0).Concat(Record(2, coarseByte, fineByte)).ToArray();
        WriteCifar100(tmp.Path, train);

        var e = Assert.Throws<InvalidDataException>(() => CifarReader.LoadCifar100(tmp.Path, coarse: false));

        Assert.Contains(Path.Combine(tmp.Path, "train.bin"), e.Message);
        Assert.Contains($"byte offset {offset}:", e.Message);
    }

    [Fact]
    public void Cifar100_names_file_with_wrong_count_and_empty_file_are_rejected()
    {
        using var tmp = new TempDirectory();
        WriteCifar100(tmp.Path, Record(1, 0, 0));
        File.WriteAllLines(Path.Combine(tmp.Path, "fine_label_names.txt"), new[] { "apple", "bowl" });
        var names = Assert.Throws<InvalidDataException>(() => CifarReader.LoadCifar100(tmp.Path, coarse: false));
        Assert.Contains("fine_label_names.txt", names.Message);
        Assert.Contains("expected 100", names.Message);

        File.WriteAllBytes(Path.Combine(tmp.Path, "train.bin"), Array.Empty<byte>());
        var empty = Assert.Throws<InvalidDataException>(() => CifarReader.LoadCifar100(tmp.Path, coarse: true));
        Assert.Contains("train.bin' at byte offset 0: file is empty", empty.Message);
    }
}
