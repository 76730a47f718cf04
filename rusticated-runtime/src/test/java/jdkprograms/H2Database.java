package jdkprograms;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An embedded database, unchanged: H2 (on the class path) keeps a database in a file of the
 * directory given. Creates a table, fills it in batches, indexes it, updates and deletes, closes,
 * opens it again and prints what queries answer: the same on the image and on the stock JDK.
 */
public final class H2Database {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:h2:" + Path.of(args[0]).resolve("db").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table item(id int primary key, name varchar(40), price decimal(10,2), tag varchar(10))");
            }
            try (PreparedStatement p = c.prepareStatement("insert into item values (?, ?, ?, ?)")) {
                for (int i = 0; i < 5000; i++) {
                    p.setInt(1, i);
                    p.setString(2, "item-" + Integer.toString(i * 7919 % 100_000, 36));
                    p.setBigDecimal(3, java.math.BigDecimal.valueOf(i * 37 % 10_000, 2));
                    p.setString(4, "t" + i % 13);
                    p.addBatch();
                    if (i % 500 == 499) {
                        p.executeBatch();
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("create index item_tag on item(tag)");
                s.executeUpdate("update item set price = price * 2 where tag = 't3'");
                s.executeUpdate("delete from item where mod(id, 11) = 0");
            }
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            print(s.executeQuery("select count(*), sum(price), min(name), max(name) from item"));
            print(s.executeQuery("select tag, count(*), sum(price) from item group by tag order by tag"));
            print(s.executeQuery("select id, name, price from item where tag = 't3' order by price desc, id limit 5"));
        }
    }

    private static void print(ResultSet r) throws Exception {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                line.append(i > 1 ? " | " : "").append(r.getString(i));
            }
            System.out.println(line);
        }
        r.close();
    }
}
