package flox.backtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Polygon;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's plots, drawn by JFreeChart 1.5.6 into PNG images (headless AWT) and returned as
 * data URIs, so the report is one self-contained file. Time axes are UTC wall-clock of the
 * recording (the market events' exchange time). Cold; allocates.
 */
final class Charts {
    static final int WIDTH = 960;
    static final int HEIGHT = 300;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final Color BUY = new Color(0x1a9641);
    private static final Color SELL = new Color(0xd7191c);

    private Charts() {
    }

    /** Lines over time: one series per name, x in epoch ns, y as given. */
    static String lines(String title, String yLabel, List<String> names, List<double[][]> xy, boolean step) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < names.size(); i++) data.addSeries(series(names.get(i), xy.get(i)));
        JFreeChart chart = ChartFactory.createXYLineChart(title, "time (UTC)", yLabel, data, PlotOrientation.VERTICAL, names.size() > 1, false, false);
        XYPlot plot = timePlot(chart);
        if (step) plot.setRenderer(new XYStepRenderer());
        for (int i = 0; i < names.size(); i++) {
            plot.getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(1.6f));
        }
        return png(chart);
    }

    /** Drawdown (<= 0) over time as a filled area. */
    static String drawdown(String title, String yLabel, double[][] xy) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection(series("drawdown", xy));
        JFreeChart chart = ChartFactory.createXYAreaChart(title, "time (UTC)", yLabel, data, PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = timePlot(chart);
        XYAreaRenderer r = new XYAreaRenderer();
        r.setSeriesPaint(0, new Color(0xd7, 0x19, 0x1c, 160));
        plot.setRenderer(r);
        return png(chart);
    }

    /** The mid as a line, buys and sells as triangles at their price and time. */
    static String priceWithFills(String title, String yLabel, double[][] mid, double[][] buys, double[][] sells) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("mid", mid));
        data.addSeries(series("buy fills (" + buys.length + ")", buys));
        data.addSeries(series("sell fills (" + sells.length + ")", sells));
        JFreeChart chart = ChartFactory.createXYLineChart(title, "time (UTC)", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = timePlot(chart);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, true);
        r.setSeriesShapesVisible(0, false);
        r.setSeriesPaint(0, new Color(0x555555));
        r.setSeriesStroke(0, new BasicStroke(1.2f));
        r.setSeriesLinesVisible(1, false);
        r.setSeriesShape(1, triangle(true));
        r.setSeriesPaint(1, BUY);
        r.setSeriesLinesVisible(2, false);
        r.setSeriesShape(2, triangle(false));
        r.setSeriesPaint(2, SELL);
        plot.setRenderer(r);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return png(chart);
    }

    /** A histogram: one bar per labelled bin. */
    static String histogram(String title, String xLabel, List<String> labels, long[] counts) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < labels.size(); i++) data.addValue(counts[i], "orders", labels.get(i));
        JFreeChart chart = ChartFactory.createBarChart(title, xLabel, "orders", data, PlotOrientation.VERTICAL, false, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, PALETTE[0]);
        return png(chart);
    }

    private static XYSeries series(String name, double[][] xy) {
        XYSeries s = new XYSeries(name, false, true);
        for (double[] p : xy) s.add(p[0] / 1e6, p[1]); // ns -> ms for the date axis
        return s;
    }

    private static XYPlot timePlot(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        XYPlot plot = chart.getXYPlot();
        DateAxis time = new DateAxis("time (UTC)");
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        plot.setDomainAxis(time);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return plot;
    }

    private static Shape triangle(boolean up) {
        int s = 5;
        return up ? new Polygon(new int[] {0, s, -s}, new int[] {-s, s, s}, 3) : new Polygon(new int[] {0, s, -s}, new int[] {s, -s, -s}, 3);
    }

    private static String png(JFreeChart chart) throws IOException {
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(ChartUtils.encodeAsPNG(image));
    }
}
