from pelayanan_cli.cli import main

main()
