/**
 * What every command of the {@code akosha-sync} executable shares: output and configuration options, the marker
 * of the commands that run inside the application, the version. The commands themselves live with their feature
 * ({@code restore}, {@code hook}); {@code io.akosha.sync.app} puts them together.
 */
package io.akosha.sync.cli;
