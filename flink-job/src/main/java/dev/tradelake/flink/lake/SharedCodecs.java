package dev.tradelake.flink.lake;

import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * One set of page compressors for every part file a subtask writes. A compressor holds a
 * page-sized output buffer (1 MiB by default), so a compressor per file, with a file per partition
 * per checkpoint, allocated megabytes each. A file uses the compressor one page at a time and
 * copies the result out before the next, so the files of one thread can take turns with it. Not
 * thread-safe: one per writer thread.
 */
final class SharedCodecs implements CompressionCodecFactory {

    private final CodecFactory codecs;

    SharedCodecs(int pageSize) {
        this.codecs = new CodecFactory(new PlainParquetConfiguration(), pageSize);
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        return codecs.getCompressor(codecName);
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName, int level) {
        return codecs.getCompressor(codecName, level);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        return codecs.getDecompressor(codecName);
    }

    /** Kept for the next file. */
    @Override
    public void release() {}
}
