package jdkprograms;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.nio.file.Path;

/**
 * A search library, unchanged: Lucene (on the class path) indexes generated documents into a
 * directory of the file system given (FSDirectory: memory-mapped reads, channel writes, locks),
 * commits in segments, merges, and prints what searches find: the same on the image and on the
 * stock JDK.
 */
public final class LuceneSearch {
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).resolve("index");
        try (Directory d = FSDirectory.open(dir)) {
            IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer()).setMaxBufferedDocs(500);
            try (IndexWriter w = new IndexWriter(d, config)) {
                long seed = 7;
                for (int i = 0; i < 3000; i++) {
                    StringBuilder text = new StringBuilder();
                    for (int k = 0; k < 20; k++) {
                        seed = seed * 6364136223846793005L + 1442695040888963407L;
                        text.append(WORDS[(int) ((seed >>> 33) % WORDS.length)]).append(' ');
                    }
                    Document doc = new Document();
                    doc.add(new StringField("id", "doc-" + i, Field.Store.YES));
                    doc.add(new TextField("body", text.toString(), Field.Store.NO));
                    w.addDocument(doc);
                    if (i % 1000 == 999) {
                        w.commit();
                    }
                }
                w.forceMerge(1);
            }
            try (DirectoryReader r = DirectoryReader.open(d)) {
                IndexSearcher s = new IndexSearcher(r);
                System.out.println("documents " + r.numDocs() + ", segments " + r.leaves().size());
                print(s, new TermQuery(new Term("body", "kilo")));
                print(s, new BooleanQuery.Builder()
                        .add(new TermQuery(new Term("body", "alpha")), BooleanClause.Occur.MUST)
                        .add(new TermQuery(new Term("body", "tango")), BooleanClause.Occur.MUST)
                        .add(new TermQuery(new Term("body", "echo")), BooleanClause.Occur.MUST_NOT).build());
            }
        }
    }

    private static void print(IndexSearcher s, org.apache.lucene.search.Query q) throws Exception {
        TopDocs top = s.search(q, 5);
        StringBuilder line = new StringBuilder(q + ": " + top.totalHits);
        for (ScoreDoc h : top.scoreDocs) {
            line.append(' ').append(s.storedFields().document(h.doc).get("id")).append('=').append(h.score);
        }
        System.out.println(line);
    }
}
