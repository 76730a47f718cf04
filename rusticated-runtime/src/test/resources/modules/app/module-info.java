/** A plain application module: it requires nothing beyond java.base. */
module app {
}
